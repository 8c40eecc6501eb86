"""Idle timeout: a session ends after TSUNAGU_SESSION_IDLE_MINUTES without a request."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Organization

pytestmark = pytest.mark.django_db

EXPIRED = "一定時間操作がなかったため、ログアウトしました"


def _session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_idle_timeout_is_thirty_minutes_and_sliding(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_each_request_pushes_the_expiry_forward(client, caseworker):
    # given a logged-in caseworker whose session would end in one minute
    client.force_login(caseworker)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    # when they open a page
    assert client.get(reverse("people:list")).status_code == 200
    # then the session runs for the full idle time again
    remaining = _session_row(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_after_the_idle_time_login_and_code_are_needed_again(client, caseworker):
    # given a logged-in caseworker who did nothing for longer than the idle time
    client.force_login(caseworker)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    # when they open the person list
    response = client.get(reverse("people:list"), follow=True)
    # then they are on the login page with a message saying why
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    body = response.content.decode()
    assert EXPIRED in body
    assert '<div class="messages" role="status">' in body
    assert "_auth_user_id" not in client.session


def test_htmx_request_after_the_idle_time_is_sent_to_login(client, caseworker):
    client.force_login(caseworker)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("people:list") + "?q=ヤマダ", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))
    assert EXPIRED in client.get(reverse("accounts:login")).content.decode()


def test_no_expiry_message_on_a_first_visit_or_after_logout(client, caseworker):
    assert EXPIRED not in client.get(reverse("accounts:login")).content.decode()
    client.force_login(caseworker)
    client.post(reverse("accounts:logout"))
    assert EXPIRED not in client.get(reverse("accounts:login")).content.decode()


def test_a_request_reads_the_user_and_their_organization_in_one_query(client, caseworker):
    # given a logged-in caseworker
    client.force_login(caseworker)
    # when they open a page that names their organization (every page's header does)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:list"))
    # then it came with the user, not in a query of its own
    assert caseworker.organization.name in response.content.decode()
    organization_table = f'FROM "{Organization._meta.db_table}"'
    assert not [q["sql"] for q in queries if organization_table in q["sql"]]
    # and a deactivated user's session no longer loads anyone
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])
    assert client.get(reverse("people:list")).wsgi_request.user.is_anonymous
