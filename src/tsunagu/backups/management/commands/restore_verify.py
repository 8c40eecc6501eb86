"""``python manage.py restore_verify <path>``: check a restored database against its backup.

Run it after every restore, before the application is started again: it compares the database
the settings point at with the manifest written next to the backup — the backup file's
SHA-256, every app's latest migration, every model table's row count — and walks the audit
chain (as ``audit_verify`` does), which must end at the manifest's last sequence and hash, and
counts the scanned consent forms missing from ``TSUNAGU_MEDIA_ROOT``. Exits with status 1 and
names every difference. Writes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tsunagu.backups.exceptions import BackupError
from tsunagu.backups.verify import backup_verify


class Command(BaseCommand):
    help = (
        "復元したデータベースがバックアップのマニフェストと一致するか検証します "
        "(verify a restored database against the backup's manifest: checksum, migrations, "
        "row counts, audit chain, scanned forms)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", type=Path, help="復元したバックアップファイル (the backup file restored)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_verify(path=options["path"])
        except BackupError as error:
            raise CommandError(f"検証できませんでした。\n{error.message}") from None
        if not report.ok:
            raise CommandError(report.summary)
        self.stdout.write(self.style.SUCCESS(report.summary))
