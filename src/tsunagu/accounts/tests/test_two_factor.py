"""The second login step: a correct password alone opens nothing but the code pages."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.tests.clients import confirmed_device
from tsunagu.accounts.tests.helpers import current_code, post_password, wrong_code
from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:otp_verify")
SETUP = reverse("accounts:otp_setup")


@pytest.fixture
def device(caseworker):
    return confirmed_device(caseworker)


@pytest.fixture
def consultation(caseworker):
    return ConsultationFactory(person__organization=caseworker.organization, received_by=caseworker)


def test_password_leads_to_the_code_page_not_to_home(client, caseworker, device):
    # when the caseworker gives the right password
    response = post_password(client, caseworker, next="/people/")
    # then they are sent to the code page, which keeps where they were going
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fpeople%2F"
    assert client.session["_auth_user_id"] == str(caseworker.pk)
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_password_alone_opens_no_page_with_personal_data(client, caseworker, device, consultation):
    # given the caseworker gave only the password
    post_password(client, caseworker)
    person = consultation.person
    pages = [
        reverse("people:list") + "?q=ヤマダ",
        reverse("people:detail", args=[person.pk]),
        reverse("consultations:list"),
        reverse("consultations:detail", args=[consultation.pk]),
        reverse("consultations:person_timeline", args=[person.pk]),
        reverse("accounts:organization_list"),
        reverse("home"),
    ]
    for page in pages:
        # when they open the page
        response = client.get(page)
        # then they are sent to the code page and see nothing of it
        assert response.status_code == 302, page
        assert response["Location"].startswith(VERIFY + "?next="), page
        assert person.family_name not in response.content.decode()
    # and no personal record was read
    assert not AuditEvent.objects.exists()


def test_home_after_password_alone_shows_no_consultations(client, caseworker, device, consultation):
    post_password(client, caseworker)
    response = client.get(reverse("home"), follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert consultation.main_concern not in body
    assert "確認コードの入力" in body
    # the main menu is not offered before the code is given
    assert 'aria-label="メインメニュー"' not in body


def test_htmx_request_without_code_gets_401_and_hx_redirect(client, caseworker, device):
    post_password(client, caseworker)
    response = client.get(reverse("people:list") + "?q=ヤマダ", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response["HX-Redirect"].startswith(VERIFY + "?next=")
    assert response.content == b""


def test_htmx_request_without_login_gets_401_and_hx_redirect(client):
    response = client.get(reverse("people:list"), headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response["HX-Redirect"].startswith(reverse("accounts:login") + "?next=")


def test_correct_code_opens_the_pages(client, caseworker, device, consultation):
    # given the caseworker gave the password
    post_password(client, caseworker)
    # when they give the current code
    response = client.post(VERIFY, {"token": current_code(device), "next": "/consultations/"})
    # then they reach where they were going, and the person list opens
    assert response.status_code == 302
    assert response["Location"] == "/consultations/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    body = client.get(reverse("people:list")).content.decode()
    assert consultation.person.family_name in body


def test_code_with_full_width_digits_and_spaces_is_accepted(client, caseworker, device):
    post_password(client, caseworker)
    code = current_code(device)
    typed = code[:3] + " " + code[3:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.post(VERIFY, {"token": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_replayed_code_is_refused(client, caseworker, device):
    # given the caseworker logged in with a code
    post_password(client, caseworker)
    code = current_code(device)
    assert client.post(VERIFY, {"token": code}).status_code == 302
    # when someone who saw that code logs in again with the password and the same code
    client.logout()
    post_password(client, caseworker)
    response = client.post(VERIFY, {"token": code})
    # then the code is refused and the session stays without the second factor
    assert response.status_code == 400
    assert "確認コードが正しくありません" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("people:list")).status_code == 302


def test_wrong_code_is_refused_with_a_japanese_field_error(client, caseworker, device):
    post_password(client, caseworker)
    response = client.post(VERIFY, {"token": wrong_code(device)})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="field__error" id="id_token_error"' in body
    assert "確認コードが正しくありません" in body
    assert DEVICE_ID_SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_code_that_is_not_six_digits_is_refused_before_checking(client, caseworker, device):
    post_password(client, caseworker)
    response = client.post(VERIFY, {"token": "12ab"})
    assert "確認コードは6桁の数字で入力してください" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_repeated_wrong_codes_are_throttled_even_for_the_right_code(
    client, caseworker, device, settings
):
    # given a throttle of 60 s after the first failure, 120 s after the second
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    post_password(client, caseworker)
    client.post(VERIFY, {"token": wrong_code(device)})
    # when the right code comes straight after
    response = client.post(VERIFY, {"token": current_code(device)})
    # then it is not even tried, and the page says how long to wait
    assert response.status_code == 400
    assert "確認コードの入力に続けて失敗しました" in response.content.decode()
    assert "秒待ってから" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_code_input_is_labelled_for_one_time_codes(client, caseworker, device):
    post_password(client, caseworker)
    body = client.get(VERIFY).content.decode()
    assert '<label for="id_token">確認コード（6桁）</label>' in body
    assert 'autocomplete="one-time-code"' in body
    assert 'inputmode="numeric"' in body


def test_next_outside_the_site_is_ignored(client, caseworker, device):
    post_password(client, caseworker)
    response = client.post(
        VERIFY, {"token": current_code(device), "next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("home")


def test_user_without_device_is_sent_to_setup(client, caseworker):
    response = post_password(client, caseworker)
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")
    assert client.get(reverse("people:list"))["Location"].startswith(SETUP)


def test_setup_shows_a_qr_code_and_the_secret_and_confirms_with_one_code(client, caseworker):
    # given a caseworker without an authenticator app gave the password
    post_password(client, caseworker)
    # when they open the setup page
    body = client.get(SETUP).content.decode()
    # then they see the QR code as inline SVG and the secret in groups of four
    device = TOTPDevice.objects.get(user=caseworker)
    assert not device.confirmed
    assert '<svg role="img" aria-label="2段階認証の設定用 QR コード"' in body
    assert "<script" not in body.split("</head>")[1]
    secret = body.split('<code class="otp-secret">')[1].split("</code>")[0]
    groups = secret.split()
    assert len(groups) == 8 and all(len(group) == 4 for group in groups)
    # and reloading keeps the same secret
    assert secret in client.get(SETUP).content.decode()
    # when they enter a wrong code, then the device stays unconfirmed
    response = client.post(SETUP, {"token": wrong_code(device)})
    assert response.status_code == 400
    assert "確認コードが正しくありません" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()
    # when they enter the code from the app
    response = client.post(SETUP, {"token": current_code(device), "next": "/people/"})
    # then the device is confirmed and they are in
    assert response["Location"] == "/people/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("people:list")).status_code == 200


def test_setup_is_closed_once_a_device_is_confirmed(client, caseworker, device):
    post_password(client, caseworker)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1


def test_every_role_needs_the_code(client, auditor):
    confirmed_device(auditor)
    post_password(client, auditor)
    assert client.get(reverse("accounts:organization_list"))["Location"].startswith(VERIFY)


def test_logout_and_language_switch_work_before_the_code(client, caseworker, device):
    post_password(client, caseworker)
    response = client.post(reverse("set_language"), {"language": "en", "next": VERIFY})
    assert response["Location"] == VERIFY
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_code_pages_need_the_password_first(client):
    response = client.get(VERIFY)
    assert response["Location"].startswith(reverse("accounts:login"))
