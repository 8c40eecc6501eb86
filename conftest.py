"""Shared fixtures: the personas every test speaks of.

* ``caseworker`` — consultation staff at the 北部地域包括支援センター (organization ``home_org``)
* ``colleague`` — another staff member of the same organization
* ``outsider`` — consultation staff at another organization (``other_org``)
* ``auditor`` — the auditor, at the same organization as the caseworker
* ``outreach_worker`` — outreach staff of 社協 (``coordination_org``), which carries out
  多機関協働 and アウトリーチ等継続支援

``client.force_login(user)`` logs in past both steps (password and one-time code);
``password_only_client`` stops after the password.

Background tasks run at once in tests (the immediate backend); ``task_queue`` puts them in the
database queue instead, and ``worker()`` runs what is queued as ``manage.py db_worker`` does.
A test that runs the worker needs ``django_db(transaction=True)``: like a real worker, it
commits each task, which the usual per-test transaction would not allow.
"""

import signal

import pytest
from django.core.management import call_command

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.clients import PasswordOnlyClient, VerifiedClient
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client():
    """pytest-django's ``client``, whose ``force_login`` also passes the one-time code step."""
    return VerifiedClient()


@pytest.fixture
def password_only_client():
    return PasswordOnlyClient()


@pytest.fixture
def home_org(db):
    return OrganizationFactory(
        name="北部地域包括支援センター", fields=["elderly"], programs=["consultation"]
    )


@pytest.fixture
def other_org(db):
    return OrganizationFactory(
        name="障害者相談支援センターみどり", fields=["disability"], programs=["consultation"]
    )


@pytest.fixture
def coordination_org(db):
    return OrganizationFactory(
        name="みどり市社会福祉協議会", fields=["other"], programs=["coordination", "outreach"]
    )


@pytest.fixture
def caseworker(home_org):
    return UserFactory(username="caseworker", organization=home_org, role=Role.CONSULTATION)


@pytest.fixture
def colleague(home_org):
    return UserFactory(username="colleague", organization=home_org, role=Role.CONSULTATION)


@pytest.fixture
def outsider(other_org):
    return UserFactory(username="outsider", organization=other_org, role=Role.CONSULTATION)


@pytest.fixture
def auditor(home_org):
    return UserFactory(username="auditor", organization=home_org, role=Role.AUDITOR)


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    return transactional or "transactional_db" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    """Transactional tests (the browser tests among them) run last: the database is flushed
    after each, which also empties the rows migrations load (the issue catalogue) for any test
    that follows."""
    items.sort(key=_flushes_database)


@pytest.fixture
def outreach_worker(coordination_org):
    return UserFactory(username="outreach", organization=coordination_org, role=Role.OUTREACH)


@pytest.fixture
def task_queue(settings):
    """Tasks wait in the database (django-tasks-db) instead of running when enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def worker(task_queue):
    """Runs every queued task once, then returns (``db_worker --batch``)."""
    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    yield run
    # the worker installs its own shutdown handlers; give pytest its own back
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
