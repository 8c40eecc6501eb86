"""``python manage.py audit_verify``: check that the audit trail has not been tampered with.

Walks every entry in sequence order (streaming, in chunks, so it works for millions of rows),
recomputes each hash and link, and compares the end of the chain with the chain head. Exits
with status 1 and names the first broken link when the chain does not hold.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tsunagu.privacy.chain import chain_verify


class Command(BaseCommand):
    help = "監査記録のハッシュチェーンを検証します (verify the audit trail's hash chain)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = chain_verify()
        if report.broken is not None:
            raise CommandError(
                "監査記録の改ざんまたは欠落を検出しました。\n"
                f"{report.broken.message}\n"
                f"連番 {report.last_sequence} までの {report.count} 件は正常でした。"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"監査記録 {report.count} 件を検証しました（連番 1〜{report.last_sequence}）。"
                "改ざん・欠落は見つかりませんでした。\n"
                f"最新のハッシュ: {report.last_hash}"
                "（外部に控えておくと、以後の差し替えも検出できます）"
            )
        )
