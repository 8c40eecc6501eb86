"""Background tasks of accounts (django.tasks, docs/decisions/0011)."""

from django.core.management import call_command
from django.tasks import task


@task
def clear_sessions() -> None:
    """Delete expired sessions from the database (Django's ``clearsessions``)."""
    call_command("clearsessions")
