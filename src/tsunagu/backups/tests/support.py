"""Helpers of the backup tests: switching databases, stand-in backups, and tampering."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.db import connection
from django.utils import timezone

from tsunagu.backups.manifest import (
    Manifest,
    database_facts,
    file_sha256,
    manifest_path,
    manifest_write,
    model_tables,
)


@contextmanager
def connected_to(name: str) -> Iterator[None]:
    """Point Django's connection at another database of the same server, as an operator does
    with DATABASE_URL, and back to the test database afterwards."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def stand_in_backup(directory: Path) -> Path:
    """A few bytes standing in for a backup, with a manifest of the database as it is now."""
    path = directory / "stand-in.backup"
    path.write_bytes(b"stand-in")
    with connection.cursor() as cursor:
        facts = database_facts(
            cursor, tables=model_tables(connection), quote=connection.ops.quote_name
        )
    manifest = Manifest(
        backup_file=path.name,
        engine=connection.vendor,
        method="test",
        created_at=timezone.localtime().isoformat(),
        sha256=file_sha256(path),
        size=path.stat().st_size,
        django_version=django.get_version(),
        facts=facts,
    )
    manifest_write(manifest, backup=path)
    return path


def edit_manifest(backup: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = manifest_path(backup)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def corrupt(path: Path) -> None:
    """Flip one byte in the middle of the file."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def tamper(sql: str, params: tuple[Any, ...] = ()) -> None:
    """Change the audit trail behind the application's back, as a database owner can: the
    append-only trigger is switched off first (in a scratch copy, or the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE privacy_auditevent DISABLE TRIGGER privacy_auditevent_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER IF EXISTS privacy_auditevent_append_only")
        cursor.execute(sql, params)
