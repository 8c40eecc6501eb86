import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login, logout
from tsunagu.consents.models import Consent
from tsunagu.consultations.models import Consultation, Referral, ReferralStatus

pytestmark = pytest.mark.browser


def _record_consultation_with_referral(page: Page, to_organization: str) -> None:
    page.get_by_role("link", name="相談を受け付ける").first.click()
    page.get_by_label("来所").check()
    page.get_by_label("氏", exact=True).fill("高橋")
    page.get_by_label("名", exact=True).fill("勝")
    page.get_by_label("氏（フリガナ）").fill("たかはし")
    page.get_by_label("名（フリガナ）").fill("ﾏｻﾙ")
    page.get_by_label("生年月日").fill("S19.5.3")
    page.get_by_label("相談者氏名").fill("高橋 洋子")
    page.get_by_label("本人との関係").fill("娘")
    page.get_by_label("主訴").fill("父の物忘れが進み、息子（兄）も仕事をしておらず家計が苦しい。")
    page.get_by_label("8050").check()
    page.get_by_label("経済的困窮").check()
    page.get_by_label("高", exact=True).check()
    page.get_by_label("同意あり").check()
    page.get_by_label("他機関へつなぐ", exact=True).check()
    page.get_by_label("つなぎ先の機関").select_option(label=to_organization)
    page.get_by_label("つなぎ先への依頼内容").fill("兄の就労と家計の相談をお願いします。")
    page.get_by_role("button", name="受付を保存").click()


def test_staff_records_a_consultation_with_a_referral_end_to_end(page: Page, caseworker, other_org):
    # given the caseworker is logged in
    login(page, caseworker.username)
    # when they record an intake for a new person and refer them on
    _record_consultation_with_referral(page, other_org.name)
    # then the consultation page confirms it, with the birth date read from 和暦
    expect(page.get_by_role("status")).to_contain_text("相談を受け付けました")
    expect(page.get_by_role("heading", level=1)).to_contain_text("相談受付")
    consultation = Consultation.objects.get()
    assert consultation.person.full_name_kana == "タカハシ マサル"
    assert consultation.person.birth_date.isoformat() == "1944-05-03"
    assert {c.code for c in consultation.categories.all()} == {"8050", "poverty"}
    referral = Referral.objects.get()
    assert (referral.to_organization, referral.status) == (other_org, ReferralStatus.SENT)
    consent = Consent.objects.get(person=consultation.person)
    assert list(consent.recipient_organizations.all()) == [other_org]
    assert consent.is_active


def test_form_errors_are_shown_at_the_field_and_nothing_is_saved(page: Page, caseworker):
    login(page, caseworker.username)
    page.goto(page.base_url + "/consultations/new/")
    page.get_by_label("氏", exact=True).fill("高橋")
    page.get_by_label("氏（フリガナ）").fill("タカハシ")
    page.get_by_label("生年月日").fill("令和30年1月1日")
    page.get_by_role("button", name="受付を保存").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください")
    expect(page.locator("#id_main_concern_error")).to_have_text("主訴を入力してください。")
    expect(page.locator("#id_person-birth_date_error")).to_contain_text("未来の日付")
    expect(page.get_by_label("氏", exact=True)).to_have_value("高橋")
    assert not Consultation.objects.exists()


def test_receiving_organization_accepts_the_referral_from_its_inbox(
    page: Page, caseworker, outsider
):
    # given the caseworker referred a person to the outsider's organization
    login(page, caseworker.username)
    _record_consultation_with_referral(page, outsider.organization.name)
    logout(page)
    # when the receiving staff opens the referral from their home inbox and accepts it
    login(page, outsider.username)
    inbox = page.get_by_role("region", name="受理待ちのつなぎ")
    expect(inbox).to_contain_text("高橋 勝")
    inbox.get_by_role("link", name=f"{caseworker.organization.name}から").click()
    page.get_by_role("button", name="受理する").click()
    # then both sides see it accepted
    expect(page.get_by_role("status")).to_contain_text("つなぎを受理しました")
    expect(page.get_by_role("heading", level=1)).to_contain_text("受理")
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED
    logout(page)
    login(page, caseworker.username)
    page.goto(page.base_url + "/consultations/referrals/sent/")
    expect(page.get_by_role("table")).to_contain_text("受理")
