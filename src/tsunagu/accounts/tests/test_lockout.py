"""Lockout after repeated wrong passwords (django-axes), keyed by username and address."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tsunagu.accounts.tests.clients import confirmed_device
from tsunagu.accounts.tests.helpers import post_password

pytestmark = pytest.mark.django_db

LOCKED = "ログインに続けて失敗したため"


def test_default_limit_is_five_failures_and_thirty_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_locked_after_the_limit_with_a_japanese_message(client, caseworker, settings):
    settings.AXES_FAILURE_LIMIT = 3
    confirmed_device(caseworker)
    # given two wrong passwords, which are refused as usual
    for _ in range(2):
        response = post_password(client, caseworker, password="wrong-password")
        assert response.status_code == 200
        assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()
    # when the third wrong password comes
    response = post_password(client, caseworker, password="wrong-password")
    # then the login page says the login is stopped for a while
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body and "30分ほど待って" in body
    assert '<label for="id_username">ユーザー名</label>' in body
    # and even the right password no longer logs in
    response = post_password(client, caseworker)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_so_colleagues_can_still_log_in(
    client, caseworker, colleague, settings
):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        post_password(client, caseworker, password="wrong-password")
    # when a colleague at the same address logs in
    response = post_password(client, colleague)
    # then they get to the code step
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_success_before_the_limit_resets_the_count(client, caseworker, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        post_password(client, caseworker, password="wrong-password")
    assert post_password(client, caseworker).status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username=caseworker.username).exists()


def test_lockout_ends_after_the_cool_off(client, caseworker, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        post_password(client, caseworker, password="wrong-password")
    assert post_password(client, caseworker).status_code == 429
    # when the cool-off time has passed (the attempts are older than it)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time.replace(year=2000)
    )
    # then the right password works again
    assert post_password(client, caseworker).status_code == 302
