"""Records to back up, and a scratch database to restore into.

A real backup copies what is committed (pg_dump runs in a session of its own), so the tests
that make one are transactional; the comparison alone is tested on the test database with a
stand-in backup (``support.stand_in_backup``).
"""

import datetime
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection

from tsunagu.people.services import household_create, person_create


@pytest.fixture
def records(caseworker):
    """Three persons and a household, each written through its service: the audit trail holds
    their entries."""
    organization = caseworker.organization
    persons = [
        person_create(
            organization=organization,
            created_by=caseworker,
            family_name="山田",
            given_name=f"花子{n}",
            family_name_kana="ヤマダ",
            given_name_kana="ハナコ",
            birth_date=datetime.date(1950, 4, 1),
            address="みどり市本町1-2-3",
        )
        for n in range(3)
    ]
    household = household_create(organization=organization, created_by=caseworker, name="山田世帯")
    return SimpleNamespace(persons=persons, household=household)


@pytest.fixture
def backup_file(tmp_path) -> Path:
    return tmp_path / "tsunagu.backup"


def _pg_admin(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def scratch_database(transactional_db, tmp_path) -> Iterator[str]:
    """The name of a new, empty database to restore into, removed afterwards: a file in
    tmp_path on SQLite, ``<test database>_restore`` on the PostgreSQL server of the tests."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    assert name.startswith("test_"), "a scratch database only next to a test database"
    quoted = connection.ops.quote_name(name)
    _pg_admin(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
    _pg_admin(f"CREATE DATABASE {quoted}")
    try:
        yield name
    finally:
        _pg_admin(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
