import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login, logout
from tsunagu.consents.models import Consent
from tsunagu.consultations.models import Referral
from tsunagu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def _record_written_consent(page: Page, to_organization: str) -> None:
    page.get_by_role("link", name="本人同意を記録する").click()
    page.get_by_label("本人", exact=True).check()
    page.get_by_label("他機関へのつなぎ（情報提供）").check()
    page.get_by_label(to_organization, exact=True).check()
    page.get_by_label("基本情報（氏名・生年月日・住所・連絡先）").check()
    page.get_by_label("相談内容と支援経過").check()
    page.get_by_label("書面", exact=True).check()
    page.get_by_label("同意日").fill("R7.4.1")
    page.get_by_role("button", name="同意を記録する").click()


def _send_referral(page: Page, to_organization: str) -> None:
    page.get_by_role("link", name="他機関へつなぐ").click()
    page.get_by_label("つなぎ先の機関").select_option(label=to_organization)
    page.get_by_label("依頼内容").fill("障害福祉サービスの利用について相談をお願いします。")
    page.get_by_role("button", name="つなぎを送る").click()


def test_a_withdrawn_consent_hides_the_person_from_the_referral_recipient(
    page: Page, caseworker, outsider
):
    person = PersonFactory(
        organization=caseworker.organization,
        family_name="高橋",
        given_name="勝",
        family_name_kana="タカハシ",
        given_name_kana="マサル",
    )
    other = outsider.organization.name
    # given the caseworker records a written consent for つなぎ to the outsider's organization
    login(page, caseworker.username)
    page.goto(f"{page.base_url}/people/{person.pk}/")
    _record_written_consent(page, other)
    expect(page.get_by_role("status")).to_contain_text("本人同意を記録しました")
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.full_name)
    consent = Consent.objects.get(person=person)
    assert consent.method == "written"
    assert [o.name for o in consent.recipient_organizations.all()] == [other]
    # and sends a referral there, whose form lists that consent
    page.goto(f"{page.base_url}/people/{person.pk}/")
    page.get_by_role("link", name="他機関へつなぐ").click()
    expect(page.get_by_role("region", name="本人同意（つなぎ）")).to_contain_text(
        f"本人同意 #{consent.pk}"
    )
    page.go_back()
    _send_referral(page, other)
    expect(page.get_by_role("status")).to_contain_text("つなぎを送りました")
    referral_url = f"{page.base_url}/consultations/referrals/{Referral.objects.get().pk}/"
    logout(page)
    # then the recipient sees whom the referral is about
    login(page, outsider.username)
    page.goto(referral_url)
    expect(page.get_by_role("link", name=person.full_name)).to_be_visible()
    logout(page)

    # when the caseworker records the person's withdrawal of the consent
    login(page, caseworker.username)
    page.goto(f"{page.base_url}/people/{person.pk}/")
    page.get_by_role("link", name=f"本人同意 #{consent.pk}").click()
    page.get_by_label("撤回の記録").fill("本人から電話で撤回の申し出")
    page.get_by_role("button", name="撤回を記録する").click()
    expect(page.get_by_role("status")).to_contain_text("同意の撤回を記録しました")
    expect(page.get_by_role("heading", level=1)).to_contain_text("撤回")
    logout(page)

    # then the recipient's referral page no longer names the person
    login(page, outsider.username)
    page.goto(referral_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("つなぎ")
    expect(page.get_by_text("本人の情報は共有されていません", exact=False).first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(person.full_name)
    expect(page.locator("main")).not_to_contain_text(person.full_name_kana)
