"""Participation support, end to end: the person's needs, a suggestion with its reasons, a
proposal, a 見学, and the first follow-up."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tests.browser.test_accessibility import _serious
from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.core.models import Area
from tsunagu.participation.models import Placement
from tsunagu.participation.tests.factories import ResourceFactory
from tsunagu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_from_the_needs_through_a_suggestion_to_a_visit_and_a_follow_up(page: Page, home_org):
    worker = UserFactory(username="sanka", organization=home_org, role=Role.PARTICIPATION)
    north = Area.objects.create(code="north", name="北部")
    person = PersonFactory(organization=home_org, family_name="森", given_name="健太")
    ResourceFactory(name="野菜の収穫・袋詰め体験", area=north, keywords="野菜")
    ResourceFactory(
        name="カフェの接客体験", categories=["work_experience"], accommodations=["short_hours"]
    )
    login(page, worker.username)
    page.goto(page.base_url + f"/people/{person.pk}/")
    page.get_by_role("link", name="参加支援").last.click()
    # the needs, in the person's words and conditions
    page.get_by_role("link", name="本人のニーズを記録").click()
    page.get_by_label("本人の希望・思い").fill("人と話すのは苦手。外で体を動かしたい。")
    page.get_by_label("農作業").first.check()
    page.get_by_label("興味・関心").fill("野菜")
    page.get_by_label("徒歩・自転車（近所のみ）").check()
    page.get_by_role("group", name="通える圏域").get_by_label("北部").check()
    page.get_by_role("group", name="人と接することへの不安").get_by_label("強い").check()
    page.get_by_role("button", name="保存して社会資源を探す").click()
    expect(page.get_by_role("status")).to_contain_text("本人のニーズを保存しました")
    # a suggestion, with why — and not the café, where talking with customers is the work
    suggestions = page.get_by_role("region", name="合う社会資源")
    farm = suggestions.get_by_role("article", name="野菜の収穫・袋詰め体験")
    expect(farm).to_contain_text("関心: 農作業")
    expect(farm).to_contain_text("興味: 野菜")
    expect(farm).to_contain_text("圏域: 北部")
    expect(suggestions).not_to_contain_text("カフェの接客体験")
    assert _serious(page) == []
    farm.get_by_role("button", name="野菜の収穫・袋詰め体験 を提案する").click()
    expect(page.get_by_role("status")).to_contain_text("提案として記録しました")
    # the visit
    page.get_by_role("region", name="参加の記録").get_by_role(
        "link", name="野菜の収穫・袋詰め体験"
    ).click()
    page.get_by_label("次の段階").select_option(label="見学")
    page.get_by_label("理由・様子").fill("園主と話せた。来週から体験したい。")
    page.get_by_role("button", name="段階を記録").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("見学")
    # and the first follow-up, with the next one planned
    form = page.get_by_role("region", name="フォローアップを記録")
    form.get_by_label("内容").fill(
        "見学の後、疲れたが楽しかったと話した。本人の希望どおり午前のみで始める。"
    )
    form.get_by_label("次のフォローアップ").fill("令和9年1月15日")
    form.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("status")).to_contain_text("フォローアップを記録しました")
    placement = Placement.objects.get()
    assert placement.status == "visit"
    assert placement.next_follow_up_on.isoformat() == "2027-01-15"
    assert placement.follow_ups.get().text.startswith("見学の後")
