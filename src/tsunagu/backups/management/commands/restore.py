"""``python manage.py restore <path> --yes``: replace the database with a backup, then verify.

Stop the application first. The backup file must match its manifest (a damaged file is never
restored). SQLite: copied into the configured file with the online backup API. PostgreSQL:
``pg_restore --clean --if-exists --no-owner --single-transaction`` into the configured
database, refused while other sessions are connected. Then the same check as
``restore_verify``. Without ``--yes`` it changes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from tsunagu.backups.exceptions import BackupError
from tsunagu.backups.services import backup_restore


class Command(BaseCommand):
    help = (
        "バックアップからデータベースを復元し、検証します。--yes が必要です "
        "(replace the configured database with a backup and verify it; needs --yes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="バックアップファイル (the backup file)")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="今のデータベースの内容を置き換えることを確認した (confirm the replacement)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                f"復元すると、データベース {connection.settings_dict['NAME']} の今の内容は"
                "バックアップの内容に置き換えられます。アプリケーションを止め、"
                "よければ --yes を付けて実行してください。"
            )
        try:
            report = backup_restore(path=options["path"])
        except BackupError as error:
            raise CommandError(f"復元できませんでした。\n{error.message}") from None
        if not report.ok:
            raise CommandError("復元しましたが、検証で違いが見つかりました。\n" + report.summary)
        self.stdout.write(self.style.SUCCESS("復元しました。\n" + report.summary))
