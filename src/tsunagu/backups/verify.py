"""Verify a restored database against the manifest of the backup it was restored from."""

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connection, models

from tsunagu.backups.exceptions import BackupError
from tsunagu.backups.manifest import (
    DatabaseFacts,
    Manifest,
    database_facts,
    file_sha256,
    manifest_read,
    model_tables,
)
from tsunagu.privacy.chain import chain_verify

NONE = "（なし）"


@dataclass(frozen=True)
class VerifyReport:
    manifest: Manifest
    differences: list[str]  # one Japanese sentence per difference, in the order checked

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def summary(self) -> str:
        """For the operator, in Japanese: every difference, or what was found equal."""
        backup = f"バックアップ（{self.manifest.created_at}）"
        if not self.ok:
            return f"データベースは{backup}と一致しません。\n" + "\n".join(
                f"- {difference}" for difference in self.differences
            )
        facts = self.manifest.facts
        return (
            f"データベースは{backup}と一致しました。\n"
            f"テーブル {len(facts.tables)} 個・{self.manifest.rows:,} 行、"
            f"マイグレーション {len(facts.migrations)} アプリ分、"
            f"監査記録 連番 {facts.audit_sequence} まで改ざん・欠落なし。\n"
            f"最新のハッシュ: {facts.audit_hash}"
            "（バックアップの後に外部に控えたハッシュと同じであることを確認してください）"
        )


def backup_verify(*, path: Path) -> VerifyReport:
    """Compare the database Django is connected to with the backup at ``path``.

    1. The backup file's SHA-256 matches the manifest (the file is the one described).
    2. Every app's latest applied migration is the manifest's.
    3. Every model table has exactly the manifest's number of rows.
    4. The audit chain verifies from the first entry to the last (``chain_verify``) and ends at
       the manifest's last sequence and hash.
    5. Every file the database refers to (the scanned consent forms) is in the media storage:
       the media root is backed up and restored beside the database, not inside it.

    Every difference is reported, not only the first. Writes nothing, no audit entry either: a
    second run gives the same answer, and a copy kept for a restore drill stays unchanged.
    """
    manifest = manifest_read(path)
    with connection.cursor() as cursor:
        current = database_facts(
            cursor, tables=model_tables(connection), quote=connection.ops.quote_name
        )
    differences = [
        *_file_differences(path, manifest),
        *_migration_differences(manifest.facts, current),
        *_table_differences(manifest.facts, current),
        *_chain_differences(manifest.facts),
        *_media_differences(),
    ]
    return VerifyReport(manifest, differences)


def file_check(path: Path, manifest: Manifest) -> None:
    """Raise unless the file is the one the manifest describes."""
    differences = _file_differences(path, manifest)
    if differences:
        raise BackupError("\n".join(differences))


def _file_differences(path: Path, manifest: Manifest) -> list[str]:
    if not path.is_file():
        return [f"バックアップファイル {path} が見つかりません。"]
    if file_sha256(path) != manifest.sha256:
        return [
            f"バックアップファイル {path.name} の SHA-256 がマニフェストと一致しません"
            "（ファイルが壊れているか、別のファイルです）。"
        ]
    return []


def _migration_differences(expected: DatabaseFacts, current: DatabaseFacts) -> list[str]:
    return [
        f"アプリ {app} の最新のマイグレーションが違います: バックアップは "
        f"{expected.migrations.get(app, NONE)}、このデータベースは "
        f"{current.migrations.get(app, NONE)} です。"
        for app in sorted(expected.migrations.keys() | current.migrations.keys())
        if expected.migrations.get(app) != current.migrations.get(app)
    ]


def _table_differences(expected: DatabaseFacts, current: DatabaseFacts) -> list[str]:
    differences = []
    for table in sorted(expected.tables.keys() | current.tables.keys()):
        if table not in current.tables:
            differences.append(
                f"テーブル {table} がこのデータベースにありません"
                f"（バックアップには {expected.tables[table]} 行）。"
            )
        elif table not in expected.tables:
            differences.append(
                f"テーブル {table} はバックアップにありません"
                f"（このデータベースには {current.tables[table]} 行）。"
            )
        elif expected.tables[table] != current.tables[table]:
            differences.append(
                f"テーブル {table} の行数が違います: バックアップは {expected.tables[table]} 行、"
                f"このデータベースは {current.tables[table]} 行です。"
            )
    return differences


def _chain_differences(expected: DatabaseFacts) -> list[str]:
    report = chain_verify()
    if report.broken is not None:
        return [f"監査記録のハッシュチェーンが検証できません: {report.broken.message}"]
    if (report.last_sequence, report.last_hash) != (expected.audit_sequence, expected.audit_hash):
        return [
            "監査記録の最後がバックアップと違います: バックアップは連番 "
            f"{expected.audit_sequence}（ハッシュ {expected.audit_hash}）、このデータベースは連番 "
            f"{report.last_sequence}（ハッシュ {report.last_hash}）です。"
        ]
    return []


def _media_differences() -> list[str]:
    """Count the files the database refers to that the storage lacks. Only counts are
    reported: an uploaded file's name may carry a person's name. Reads the names without the
    access policy or an audit entry, as an operator's check that shows no record."""
    differences = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            names = (
                model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                .exclude(**{field.attname: ""})
                .values_list(field.attname, flat=True)
            )
            total = missing = 0
            for name in names.iterator():
                total += 1
                missing += not field.storage.exists(name)
            if missing:
                differences.append(
                    f"{model._meta.verbose_name}の{field.verbose_name}: データベースが参照する "
                    f"{total} 件のうち {missing} 件のファイルがメディアの保存先にありません"
                    "（TSUNAGU_MEDIA_ROOT を、データベースと同じ時点のバックアップから"
                    "戻してください）。"
                )
    return differences
