"""``python manage.py backup <path>``: a consistent copy of the whole database, with a manifest.

Safe while the application runs. On SQLite the copy is made with the online backup API; on
PostgreSQL with ``pg_dump --format=custom`` (restore it with ``python manage.py restore`` or
``pg_restore``). Next to the file it writes ``<path>.manifest.json`` (row counts, migrations,
the audit chain's end and the file's SHA-256, no personal data) for ``restore_verify``.
Back up ``TSUNAGU_MEDIA_ROOT`` (scanned consent forms) with it: see docs/deployment.md.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tsunagu.backups.exceptions import BackupError
from tsunagu.backups.manifest import manifest_path
from tsunagu.backups.services import backup_create


class Command(BaseCommand):
    help = (
        "データベース全体のバックアップとマニフェストを作成します。稼働中でも実行できます "
        "(back up the whole database, with a manifest for restore_verify)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", type=Path, help="バックアップの保存先（新しいファイル名） (the new file)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        try:
            manifest = backup_create(path=path)
        except BackupError as error:
            raise CommandError(f"バックアップを作成できませんでした。\n{error.message}") from None
        facts = manifest.facts
        self.stdout.write(
            self.style.SUCCESS(
                f"バックアップを作成しました: {path}（{manifest.size:,} バイト）\n"
                f"マニフェスト: {manifest_path(path)}\n"
                f"テーブル {len(facts.tables)} 個・{manifest.rows:,} 行、"
                f"監査記録の最後: 連番 {facts.audit_sequence}\n"
                f"最新のハッシュ: {facts.audit_hash}"
                "（外部に控えておくと、復元したデータの差し替えも検出できます）"
            )
        )
