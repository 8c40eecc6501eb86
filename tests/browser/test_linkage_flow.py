"""名寄せ, end to end: an intake tells the staff member the person may be known elsewhere; the
coordinator decides the pair from how the fields agree, and sees the household overlap as a
key and counts only."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login, logout
from tests.browser.test_accessibility import _serious
from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.linkage.models import MatchCandidate, PersonLink, Verdict
from tsunagu.people.models import Person
from tsunagu.people.services import person_create

pytestmark = pytest.mark.browser


def test_from_an_intake_to_a_decision_and_the_overlap(page: Page, home_org, coordination_org):
    # given the son known to the disability office, with a recent consultation
    disability = OrganizationFactory(name="障害者相談支援センター", fields=["disability"])
    staff = UserFactory(organization=disability)
    son = person_create(
        organization=disability,
        created_by=staff,
        family_name="宮本",
        given_name="直樹",
        family_name_kana="ミヤモト",
        given_name_kana="ナオキ",
        birth_date=date(1972, 2, 5),
        address="みどり市日の出町1丁目19番29号",
    )
    ConsultationFactory(person=son, organization=disability)
    # when the elderly centre registers him from a phone call: in hiragana, day and month
    # swapped, at the address he moved to
    caseworker = UserFactory(username="houkatsu", organization=home_org, role=Role.CONSULTATION)
    login(page, caseworker.username)
    page.goto(page.base_url + "/people/new/")
    page.get_by_label("氏", exact=True).fill("みやもと")
    page.get_by_label("名", exact=True).fill("なおき")
    page.get_by_label("氏（フリガナ）").fill("ミヤモト")
    page.get_by_label("名（フリガナ）").fill("ナオキ")
    page.get_by_label("生年月日").fill("昭和47年5月2日")
    page.get_by_label("住所").fill("みどり市緑町9-9-9")
    page.get_by_role("button", name="保存").click()
    # then the page says another organization may know him, and not which
    status = page.get_by_role("status")
    expect(status).to_contain_text("他の 1 機関でも把握されている可能性があります")
    expect(status).not_to_contain_text("障害者相談支援センター")
    logout(page)
    # and the coordinator finds the pair in the review queue, with no values
    coordinator = UserFactory(
        username="suishin", organization=coordination_org, role=Role.COORDINATOR
    )
    login(page, coordinator.username)
    page.get_by_role("link", name="名寄せ").click()
    page.get_by_role("link", name="確認候補").first.click()
    candidate = page.get_by_role("region", name="候補 1")
    expect(candidate).to_contain_text("入力誤りの可能性")
    expect(candidate).not_to_contain_text("ミヤモト")
    expect(candidate).not_to_contain_text("1972")
    expect(candidate).to_contain_text("障害の機関")
    expect(candidate).not_to_contain_text("障害者相談支援センター")
    assert _serious(page) == []
    candidate.get_by_label("同一人物").check()
    candidate.get_by_label("メモ（任意）").fill("電話で生年月日を確認")
    candidate.get_by_role("button", name="判断を記録").click()
    expect(page.get_by_role("status")).to_contain_text("「同一人物」と記録しました")
    assert MatchCandidate.objects.get().verdict == Verdict.SAME
    # and once the elderly centre works with him too, his household is an overlap: a key, the
    # fields and counts, no name and no organization
    ConsultationFactory(person=Person.objects.get(organization=home_org), organization=home_org)
    page.get_by_role("link", name="世帯の重なり").click()
    page.get_by_role("button", name="名寄せを今すぐ実行").click()
    expect(page.get_by_role("status")).to_contain_text("名寄せを実行しました")
    row = page.get_by_role("row", name=PersonLink.objects.get(person=son).household_key)
    expect(row).to_contain_text("高齢・障害")
    expect(page.get_by_role("main")).not_to_contain_text("宮本")
    expect(page.get_by_role("main")).not_to_contain_text("障害者相談支援センター")
    assert _serious(page) == []
