"""The manifest written next to every backup, and the facts of a database it records.

A backup is only as good as the proof that a restored copy holds what was backed up. The
manifest says what the file holds — the row count of every model table, the latest applied
migration of every app, where the audit chain ends — and the file's SHA-256, so that
``restore_verify`` can compare a restored database with it. It holds table and migration
names, counts and hashes only: no personal data, so it may be kept and sent where the backup
itself may not go.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from tsunagu.backups.exceptions import BackupError
from tsunagu.privacy.models import GENESIS_HASH, AuditChainHead

FORMAT = "tsunagu-backup-manifest/1"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class DatabaseFacts:
    """What a database holds, as far as a restore must reproduce it."""

    tables: dict[str, int]  # model table → row count
    migrations: dict[str, str]  # app label → latest applied migration
    audit_sequence: int  # the audit chain's last sequence (0 when empty)
    audit_hash: str  # … and its last hash


@dataclass(frozen=True)
class Manifest:
    backup_file: str  # the backup's file name, without its directory
    engine: str  # Django's vendor: "sqlite" or "postgresql"
    method: str  # how the copy was made
    created_at: str  # ISO 8601 with the offset, when the copy was taken
    sha256: str
    size: int
    django_version: str
    facts: DatabaseFacts

    def to_json(self) -> str:
        data: dict[str, Any] = {"format": FORMAT, **asdict(self)}
        facts = data.pop("facts")
        data["tables"] = facts["tables"]
        data["migrations"] = facts["migrations"]
        data["audit_chain"] = {
            "last_sequence": facts["audit_sequence"],
            "last_hash": facts["audit_hash"],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}")
        facts = DatabaseFacts(
            tables={str(k): int(v) for k, v in data["tables"].items()},
            migrations={str(k): str(v) for k, v in data["migrations"].items()},
            audit_sequence=int(data["audit_chain"]["last_sequence"]),
            audit_hash=str(data["audit_chain"]["last_hash"]),
        )
        return cls(
            backup_file=str(data["backup_file"]),
            engine=str(data["engine"]),
            method=str(data["method"]),
            created_at=str(data["created_at"]),
            sha256=str(data["sha256"]),
            size=int(data["size"]),
            django_version=str(data["django_version"]),
            facts=facts,
        )

    @property
    def rows(self) -> int:
        return sum(self.facts.tables.values())


def manifest_path(backup: Path) -> Path:
    """``tsunagu-2025-04-01.dump`` → ``tsunagu-2025-04-01.dump.manifest.json``."""
    return backup.with_name(backup.name + ".manifest.json")


def manifest_write(manifest: Manifest, *, backup: Path) -> Path:
    """Write the manifest next to the backup, under a temporary name first: a manifest that
    exists is complete."""
    path = manifest_path(backup)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(manifest.to_json(), encoding="utf-8")
    partial.replace(path)
    return path


def manifest_read(backup: Path) -> Manifest:
    path = manifest_path(backup)
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"マニフェスト {path} が見つかりません"
            "（バックアップと同じ場所に、バックアップを作ったときに書かれています）。"
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"マニフェスト {path} を読めません（{error}）。") from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def model_tables(connection: BaseDatabaseWrapper) -> list[str]:
    """Every table of an installed model (many-to-many tables included) that exists."""
    return sorted(connection.introspection.django_table_names(only_existing=True))


def database_facts(
    cursor: Any, *, tables: Iterable[str], quote: Callable[[str], str]
) -> DatabaseFacts:
    """Read the facts through a DB-API cursor: Django's on the database it is connected to, or
    sqlite3's on a copy, so that the same queries describe both."""
    counts = {}
    for table in tables:
        # The table names come from the installed models, not from input.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    migrations = {str(app): str(name) for app, name in cursor.fetchall()}
    head_table = quote(AuditChainHead._meta.db_table)
    cursor.execute(f"SELECT sequence, last_hash FROM {head_table} WHERE id = 1")  # noqa: S608
    head = cursor.fetchone()
    sequence, last_hash = (int(head[0]), str(head[1])) if head else (0, GENESIS_HASH)
    return DatabaseFacts(counts, migrations, sequence, last_hash)
