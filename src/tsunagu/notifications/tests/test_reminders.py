"""send_reminders: one notification per kind and day, in the app and by mail, never a name."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.cases.models import Plan, PlanAction
from tsunagu.cases.tests.factories import CaseFactory, TeamMemberFactory
from tsunagu.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(caseworker, coordination_org):
    coordinator = UserFactory(organization=coordination_org, role=Role.COORDINATOR)
    case = CaseFactory(
        person__organization=caseworker.organization,
        person__family_name="極秘",
        coordinator=coordinator,
        title="極秘事例",
    )
    TeamMemberFactory(case=case, organization=caseworker.organization, is_lead=True)
    plan = Plan.objects.create(
        case=case,
        number=1,
        goal_long="暮らし続けたい",
        goal_short="相談に行く",
        policy="分けて支える",
        participation="本人が決めた",
        monitoring_on=timezone.localdate() + datetime.timedelta(days=30),
        status="approved",
        written_by=coordinator,
    )
    return PlanAction.objects.create(
        plan=plan,
        what="介護保険の申請に同行",
        organization=caseworker.organization,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )


def test_an_overdue_action_is_reminded_once_a_day_in_the_app_and_by_mail(
    settings, caseworker, outsider, overdue
):
    settings.TSUNAGU_NOTIFY_BY_EMAIL = True
    settings.TSUNAGU_SITE_URL = "https://tsunagu.example.jp"
    caseworker.email = "sano@example.jp"
    caseworker.save()
    # when the reminders run twice on the same day
    call_command("send_reminders")
    call_command("send_reminders")
    # then the staff member of the responsible organization has one notification and one mail
    notification = Notification.objects.get()
    assert (notification.user, notification.url) == (caseworker, reverse("cases:my_work"))
    assert "期限を過ぎた" in notification.text and "1 件" in notification.text
    assert [m.to for m in mail.outbox] == [["sano@example.jp"]]
    assert "https://tsunagu.example.jp/cases/my-work/" in mail.outbox[0].body
    # and neither names the person, the case or the action
    for text in (notification.text, mail.outbox[0].subject, mail.outbox[0].body):
        assert "極秘" not in text and "介護保険" not in text
    assert not Notification.objects.filter(user=outsider).exists()


def test_opening_the_notifications_marks_them_read_and_the_header_counts_the_unread(
    client, caseworker, overdue
):
    call_command("send_reminders")
    client.force_login(caseworker)
    home = client.get(reverse("home")).content.decode()
    assert "件の未読" in home
    page = client.get(reverse("notifications:list")).content.decode()
    assert "期限を過ぎた" in page
    assert Notification.objects.get().read_at is not None
    assert "件の未読" not in client.get(reverse("home")).content.decode()
