"""Demo mode may show the demo users' current codes; nothing else ever shows a code."""

import pytest
from django.urls import reverse

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.clients import confirmed_device
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.accounts.tests.helpers import post_password
from tsunagu.accounts.totp import demo_totp_key, usable_code
from tsunagu.config.tests.probe import load_settings, settings_values
from tsunagu.demo.directory import ensure_demo_devices

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_user(home_org):
    user = UserFactory(username="demo-consultation", organization=home_org, role=Role.CONSULTATION)
    ensure_demo_devices([user])
    return user


def _demo(settings, show_otp: bool) -> None:
    settings.DEMO_MODE = True
    settings.TSUNAGU_DEMO_SHOW_OTP = show_otp


def test_demo_devices_are_confirmed_with_a_secret_from_the_username(demo_user):
    device = demo_user.totpdevice_set.get()
    assert device.confirmed
    assert device.key == demo_totp_key("demo-consultation")
    # and ensuring again adds nothing
    ensure_demo_devices([demo_user])
    assert demo_user.totpdevice_set.count() == 1


def test_demo_login_table_shows_each_demo_users_current_code(client, demo_user, settings):
    _demo(settings, show_otp=True)
    device = demo_user.totpdevice_set.get()
    # the code current when the page was drawn: the one before or after it, should a 30-second
    # step end in between
    codes = {usable_code(device)}
    body = client.get(reverse("accounts:login")).content.decode()
    codes.add(usable_code(device))
    assert '<th scope="col">確認コード</th>' in body
    assert any(f"<td><code>{code}</code></td>" in body for code in codes)


def test_demo_verify_page_shows_the_code_and_it_works(client, demo_user, settings):
    _demo(settings, show_otp=True)
    post_password(client, demo_user)
    body = client.get(reverse("accounts:otp_verify")).content.decode()
    code = body.split("現在の確認コードは <code>")[1].split("</code>")[0]
    response = client.post(reverse("accounts:otp_verify"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("people:list")).status_code == 200


def test_demo_without_show_otp_lists_logins_but_no_codes(client, demo_user, settings):
    _demo(settings, show_otp=False)
    body = client.get(reverse("accounts:login")).content.decode()
    assert "demo-consultation" in body
    assert "確認コード</th>" not in body
    post_password(client, demo_user)
    assert "現在の確認コード" not in client.get(reverse("accounts:otp_verify")).content.decode()


def test_outside_demo_mode_no_code_is_shown_even_if_the_setting_slipped_through(
    client, demo_user, settings
):
    settings.DEMO_MODE = False
    settings.TSUNAGU_DEMO_SHOW_OTP = True
    assert "demo-consultation" not in client.get(reverse("accounts:login")).content.decode()
    post_password(client, demo_user)
    assert "現在の確認コード" not in client.get(reverse("accounts:otp_verify")).content.decode()


def test_codes_are_shown_for_demo_users_only(client, caseworker, settings):
    _demo(settings, show_otp=True)
    confirmed_device(caseworker)
    post_password(client, caseworker)
    assert "現在の確認コード" not in client.get(reverse("accounts:otp_verify")).content.decode()


def test_settings_refuse_demo_codes_outside_demo_mode():
    result = load_settings({"TSUNAGU_DEMO_SHOW_OTP": "1"}, ["TSUNAGU_DEMO_SHOW_OTP"])
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "TSUNAGU_DEMO_SHOW_OTP" in result.stderr


def test_demo_codes_are_on_by_default_in_demo_mode_only():
    names = ["TSUNAGU_DEMO_SHOW_OTP"]
    assert settings_values({"TSUNAGU_DEMO": "1"}, names) == {"TSUNAGU_DEMO_SHOW_OTP": True}
    off = {"TSUNAGU_DEMO": "1", "TSUNAGU_DEMO_SHOW_OTP": "0"}
    assert settings_values(off, names) == {"TSUNAGU_DEMO_SHOW_OTP": False}
    assert settings_values({}, names) == {"TSUNAGU_DEMO_SHOW_OTP": False}
