"""Background tasks of cases (django.tasks): the worker runs them, or the process that
enqueues them where no worker runs (docs/decisions/0011)."""

from django.tasks import task
from django.utils import timezone

from tsunagu.cases.reminders import reminders_send


@task
def send_reminders(days: int = 3) -> int:
    """The daily reminders of work due (``reminders_send``) for the day the task runs.
    Returns how many notifications were sent."""
    return reminders_send(today=timezone.localdate(), days=days)
