"""名寄せ over every record, nightly: either this command from cron or the background task
``linkage.tasks.link_persons`` (``manage.py enqueue_jobs nightly``, docs/deployment.md)."""

from django.core.management.base import BaseCommand

from tsunagu.linkage.services import linkage_run


class Command(BaseCommand):
    help = (
        "名寄せ: すべての本人の記録を照合し、同一人物・世帯と確認候補を更新する（毎晩の実行向け）"
    )

    def handle(self, *args, **options) -> None:
        run = linkage_run()
        self.stdout.write(
            f"{run.records}件の記録 → {run.identities}人・{run.households}世帯、"
            f"新しい確認候補 {run.new_candidates}件"
        )
