"""Backup and restore of the whole database (docs/deployment.md, "Backup and restore")."""

from pathlib import Path

import django
from django.db import connection, transaction
from django.utils import timezone

from tsunagu.backups.engines import (
    pg_dump,
    pg_restore,
    private_partial,
    sqlite_copy,
    sqlite_open_readonly,
    sqlite_restore,
)
from tsunagu.backups.exceptions import BackupError
from tsunagu.backups.manifest import (
    DatabaseFacts,
    Manifest,
    database_facts,
    file_sha256,
    manifest_read,
    manifest_write,
    model_tables,
)
from tsunagu.backups.verify import VerifyReport, backup_verify, file_check
from tsunagu.privacy.services import audit_record

METHODS = {
    "sqlite": "sqlite3 online backup API",
    "postgresql": "pg_dump --format=custom",
}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def backup_create(*, path: Path) -> Manifest:
    """Copy the whole database into the new file ``path`` while the application keeps running,
    and write its manifest next to it.

    1. Refuse a path that exists, and a call inside a transaction: the copy is what is
       committed (and SQLite's backup API would wait forever for the caller's own lock).
    2. Append ``backups.backup.started`` to the audit trail and commit it: a copy of every
       personal record is worth an entry, and the copy then holds the entry of its own making.
    3. Copy, reading the manifest's facts from exactly what was copied: on SQLite from the
       copy itself; on PostgreSQL in a snapshot that pg_dump shares (``--snapshot``). The
       counts then match the file however busy the application is.
    4. Name the file only once it is complete (it is written under a temporary name, readable
       only by its owner), then write the manifest with the file's SHA-256.
    """
    _refuse_inside_transaction()
    if path.exists():
        raise BackupError(f"{path} は既に存在します。別の名前を指定してください。")
    if connection.vendor not in METHODS:
        raise BackupError(f"{connection.vendor} のデータベースのバックアップには対応していません。")
    partial = private_partial(path)
    try:
        with transaction.atomic():
            audit_record(
                actor=None, action="backups.backup.started", data={"engine": connection.vendor}
            )
        created_at = timezone.localtime().isoformat()
        if connection.vendor == "postgresql":
            facts = _copy_postgresql(partial)
        else:
            facts = _copy_sqlite(partial)
        sha256 = file_sha256(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    manifest = Manifest(
        backup_file=path.name,
        engine=connection.vendor,
        method=METHODS[connection.vendor],
        created_at=created_at,
        sha256=sha256,
        size=path.stat().st_size,
        django_version=django.get_version(),
        facts=facts,
    )
    manifest_write(manifest, backup=path)
    return manifest


def _copy_sqlite(target: Path) -> DatabaseFacts:
    connection.ensure_connection()
    sqlite_copy(source=connection.connection, target=target)
    copy = sqlite_open_readonly(target)
    try:
        return database_facts(
            copy.cursor(), tables=model_tables(connection), quote=connection.ops.quote_name
        )
    finally:
        copy.close()


def _copy_postgresql(target: Path) -> DatabaseFacts:
    connection.ensure_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        # Must be the transaction's first statement; the snapshot lives as long as it does.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        facts = database_facts(
            cursor, tables=model_tables(connection), quote=connection.ops.quote_name
        )
        pg_dump(settings_dict=connection.settings_dict, target=target, snapshot=snapshot)
    return facts


def backup_restore(*, path: Path) -> VerifyReport:
    """Replace the configured database with the backup at ``path``, then verify it.

    1. Read the manifest; refuse a backup of another kind of database, and a file whose
       SHA-256 differs from the manifest's: a damaged backup is never restored.
    2. Refuse inside a transaction and, on PostgreSQL, while other sessions use the database:
       the application must be stopped (``pg_restore --clean`` drops the tables it reads).
    3. Restore: on SQLite with the backup API into the configured file; on PostgreSQL with
       ``pg_restore`` in one transaction, so that a failure leaves the database as it was.
    4. Verify the result against the manifest (``backup_verify``) and return the report.

    Writes no audit entry: the restored database must be exactly the backup to verify, and
    its trail ends with the backup's own ``backups.backup.started``. Record the restore in the
    operations log.
    """
    manifest = manifest_read(path)
    if manifest.engine != connection.vendor:
        raise BackupError(
            f"このバックアップは {ENGINE_NAMES.get(manifest.engine, manifest.engine)} のものです。"
            f"{ENGINE_NAMES.get(connection.vendor, connection.vendor)} "
            "のデータベースには復元できません。"
        )
    file_check(path, manifest)
    _refuse_inside_transaction()
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        _refuse_other_sessions()
        connection.close()
        pg_restore(settings_dict=connection.settings_dict, backup=path)
    else:
        sqlite_restore(backup=path, target=connection.connection)
    return backup_verify(path=path)


def _refuse_inside_transaction() -> None:
    if connection.in_atomic_block:
        raise BackupError("トランザクションの中では実行できません。")


def _refuse_other_sessions() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        others = cursor.fetchone()[0]
    if others:
        raise BackupError(
            f"データベース {connection.settings_dict['NAME']} に他の接続が {others} 件あります。"
            "アプリケーション（と定期実行の処理）を止めてから復元してください。"
        )
