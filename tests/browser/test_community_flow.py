"""Community building, end to end: a platform session where a resident's proposal becomes a
new place, linked to them and shown on the area's network."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tests.browser.test_accessibility import _serious
from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.community.models import Actor, Place, Platform
from tsunagu.core.models import Area

pytestmark = pytest.mark.browser


def test_a_platform_session_opens_the_place_a_resident_proposed(page: Page, coordination_org):
    coordinator = UserFactory(username="chiiki", organization=coordination_org, role=Role.COMMUNITY)
    north = Area.objects.create(code="north", name="北部")
    shop = Actor.objects.create(
        name="北山商店会", kind="commerce", area=north, recorded_by=coordinator
    )
    platform = Platform.objects.create(
        name="北部まちづくり円卓会議", area=north, recorded_by=coordinator
    )
    platform.members.add(shop)
    login(page, coordinator.username)
    # the resident who will propose the place is listed, with their consent
    page.get_by_role("link", name="地域づくり").click()
    page.get_by_role("navigation", name="地域づくり").get_by_role("link", name="担い手").click()
    page.get_by_role("link", name="担い手を登録").click()
    page.get_by_label("名称・氏名").fill("佐藤 一郎")
    page.get_by_label("種類").select_option(label="住民・ボランティア")
    page.get_by_label("圏域").select_option(label="北部")
    page.get_by_label("できること").fill("将棋、子どもの宿題を見る")
    page.get_by_role("button", name="記録する").click()
    expect(page.locator("#id_listing_consented_on_error")).to_contain_text("掲載の同意日")
    page.get_by_label("掲載の同意日").fill("令和8年10月1日")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("status")).to_contain_text("担い手を登録しました")
    # the platform session where the proposal was taken up
    page.goto(page.base_url + f"/community/platforms/{platform.pk}/")
    page.get_by_role("link", name="開催を記録").click()
    page.get_by_label("開催日", exact=True).fill("令和8年11月20日")
    page.get_by_role("group", name="参加した担い手").get_by_label("佐藤 一郎").check()
    page.get_by_role("group", name="参加した担い手").get_by_label("北山商店会").check()
    page.get_by_label("話し合ったこと").fill(
        "空き店舗で放課後の将棋と宿題の場を開く提案。商店会が家賃を支援。"
    )
    page.get_by_label("生まれたこと").fill("月2回開くことに決定")
    page.get_by_label("新しく生まれた居場所の名称").fill("北山えんがわ")
    page.get_by_label("居場所の種類").select_option(label="空き店舗・空き家活用")
    page.get_by_label("提案した担い手").select_option(label="佐藤 一郎")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("status")).to_contain_text("開催を記録しました")
    session = page.get_by_role("region", name="開催の記録")
    expect(session).to_contain_text("北山えんがわ（佐藤 一郎 の提案）")
    assert _serious(page) == []
    # the place knows who proposed it and where it was born
    session.get_by_role("link", name="北山えんがわ").click()
    about = page.get_by_role("region", name="概要")
    expect(about).to_contain_text("佐藤 一郎")
    expect(about).to_contain_text("北部まちづくり円卓会議")
    place = Place.objects.get(name="北山えんがわ")
    resident = Actor.objects.get(name="佐藤 一郎")
    assert (place.proposed_by, place.area, place.born_at.platform) == (resident, north, platform)
    # and the area's page shows it among the area's places
    page.goto(page.base_url + f"/community/areas/{north.pk}/")
    expect(page.get_by_role("region", name="居場所・拠点（1）")).to_contain_text("北山えんがわ")
