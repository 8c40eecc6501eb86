"""The scheduled jobs, as background tasks (docs/decisions/0011).

django-tasks-db runs what is enqueued but has no clock of its own, so cron or a systemd timer
calls ``manage.py enqueue_jobs daily`` in the morning and ``… nightly`` at night; the worker
(``manage.py db_worker``) runs the tasks. Each task calls the same service as its management
command, so running the commands from cron instead stays valid.
"""

from datetime import timedelta

from django.tasks import Task, TaskResult
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tsunagu.accounts.tasks import clear_sessions
from tsunagu.cases.tasks import send_reminders
from tsunagu.linkage.tasks import link_persons

SCHEDULE: dict[str, tuple[Task, ...]] = {
    # before the working day: お知らせ of work due, and expired sessions deleted
    "daily": (send_reminders, clear_sessions),
    # when few people work: 名寄せ over every record, in one transaction
    "nightly": (link_persons,),
}


def jobs_enqueue(*, schedule: str) -> list[TaskResult]:
    """Enqueue the tasks of ``schedule`` ("daily" or "nightly"). With the immediate backend
    they have already run when this returns."""
    return [job.enqueue() for job in SCHEDULE[schedule]]


def jobs_waiting(*, longer_than: timedelta) -> int:
    """Tasks in the database queue that no worker has taken for ``longer_than``: a sign that
    the worker is not running. Always 0 with the immediate backend, which keeps no queue."""
    return DBTaskResult.objects.ready().filter(enqueued_at__lt=timezone.now() - longer_than).count()
