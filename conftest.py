"""Shared fixtures: the personas every test speaks of.

* ``caseworker`` — consultation staff at the 北部地域包括支援センター (organization ``home_org``)
* ``colleague`` — another staff member of the same organization
* ``outsider`` — consultation staff at another organization (``other_org``)
* ``auditor`` — the auditor, at the same organization as the caseworker
* ``outreach_worker`` — outreach staff of 社協 (``coordination_org``), which carries out
  多機関協働 and アウトリーチ等継続支援

``client.force_login(user)`` logs in past both steps (password and one-time code);
``password_only_client`` stops after the password.
"""

import pytest

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
