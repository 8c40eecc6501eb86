"""The scheduled jobs as background tasks: queued in the database, run by the worker, and run
at once where no worker runs."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tsunagu.cases.tasks import send_reminders
from tsunagu.notifications.models import Notification
from tsunagu.outreach.tests.factories import OutreachCaseFactory

OVERDUE = "接触の間隔を過ぎたアウトリーチの対象が 1 人います。"


@pytest.fixture
def overdue_contact(outreach_worker):
    """An outreach case past its contact interval: a reminder for its staff member."""
    return OutreachCaseFactory(created_by=outreach_worker, label="極秘の家")


def _expired_session() -> Session:
    return Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )


@pytest.mark.django_db(transaction=True)
def test_queued_reminders_wait_in_the_database_until_the_worker_sends_them(
    worker, outreach_worker, overdue_contact
):
    # given the daily jobs handed to the worker's queue
    _expired_session()
    call_command("enqueue_jobs", "daily", stdout=StringIO())
    # then they are stored, and nothing is sent yet
    queued = DBTaskResult.objects.order_by("enqueued_at")
    assert [(t.task_name, t.status) for t in queued] == [
        ("send_reminders", TaskResultStatus.READY),
        ("clear_sessions", TaskResultStatus.READY),
    ]
    assert not Notification.objects.exists()
    # when the worker runs
    worker()
    # then the staff member has the reminder, with a count and never the case's label
    notification = Notification.objects.get()
    assert (notification.user, notification.text) == (outreach_worker, OVERDUE)
    assert "極秘" not in notification.text
    # and each task is recorded as done, with what it returned
    assert [(t.status, t.return_value) for t in queued.all()] == [
        (TaskResultStatus.SUCCESSFUL, 1),
        (TaskResultStatus.SUCCESSFUL, None),
    ]
    assert not Session.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_recorded_as_failed_and_the_worker_goes_on(
    worker, monkeypatch, overdue_contact
):
    # given reminders that cannot be sent, queued before another job
    def mail_server_down(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("tsunagu.cases.reminders.notify", mail_server_down)
    _expired_session()
    reminders = send_reminders.enqueue()
    call_command("enqueue_jobs", "daily", stdout=StringIO())
    # when the worker runs
    worker()
    # then the failure is kept with its exception, not lost
    reminders.refresh()
    assert reminders.status == TaskResultStatus.FAILED
    assert reminders.errors[0].exception_class is ConnectionRefusedError
    assert "mail server down" in reminders.errors[0].traceback
    # and the worker went on with the other tasks (the second reminder run failed too)
    statuses = dict(DBTaskResult.objects.values_list("task_path", "status").distinct())
    assert statuses["tsunagu.accounts.tasks.clear_sessions"] == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.failed().count() == 2
    assert not Session.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_without_a_worker_the_jobs_run_when_they_are_enqueued(outreach_worker, overdue_contact):
    # given the immediate backend (demo, development, tests)
    out = StringIO()
    # when cron enqueues the daily jobs
    call_command("enqueue_jobs", "daily", stdout=out)
    # then they ran at once, and nothing waits in the database
    assert Notification.objects.get().text == OVERDUE
    assert "send_reminders: SUCCESSFUL" in out.getvalue()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_without_a_worker_a_failing_job_fails_the_command(monkeypatch, overdue_contact):
    def mail_server_down(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("tsunagu.cases.reminders.notify", mail_server_down)
    with pytest.raises(CommandError, match="send_reminders"):
        call_command("enqueue_jobs", "daily", stdout=StringIO())


@pytest.mark.django_db
def test_enqueue_jobs_warns_when_no_worker_took_the_last_jobs(task_queue):
    # given yesterday's jobs still waiting: the worker is not running
    call_command("enqueue_jobs", "daily", stdout=StringIO())
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(days=1))
    # when cron enqueues today's
    err = StringIO()
    call_command("enqueue_jobs", "daily", stdout=StringIO(), stderr=err)
    # then it says so (cron mails it) and still queues today's jobs
    assert "待っているジョブが 2 件" in err.getvalue()
    assert DBTaskResult.objects.ready().count() == 4


@pytest.mark.django_db
def test_the_nightly_job_is_the_linkage_over_every_record(task_queue):
    call_command("enqueue_jobs", "nightly", stdout=StringIO())
    assert DBTaskResult.objects.get().task_path == "tsunagu.linkage.tasks.link_persons"
