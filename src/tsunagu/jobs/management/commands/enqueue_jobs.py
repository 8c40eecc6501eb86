"""Hand the scheduled jobs to the worker: run from cron or a systemd timer.

    python manage.py enqueue_jobs daily     # e.g. 06:00: reminders, expired sessions
    python manage.py enqueue_jobs nightly   # e.g. 02:00: 名寄せ over every record

With ``TSUNAGU_TASKS_BACKEND=database`` the tasks wait in the database for
``manage.py db_worker``; with ``immediate`` they run here, before the command ends.
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import TaskResultStatus

from tsunagu.jobs.schedule import SCHEDULE, jobs_enqueue, jobs_waiting


class Command(BaseCommand):
    help = (
        "定期ジョブ（daily: お知らせと期限切れセッションの削除、nightly: 名寄せ）を"
        "実行待ちにします。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("schedule", choices=sorted(SCHEDULE))

    def handle(self, *args: Any, **options: Any) -> None:
        # cron mails what a job writes to stderr: the first place a stopped worker shows
        if waiting := jobs_waiting(longer_than=timedelta(hours=1)):
            self.stderr.write(
                f"1時間以上実行されずに待っているジョブが {waiting} 件あります。"
                "ワーカー（manage.py db_worker）が動いているか確認してください。"
            )
        results = jobs_enqueue(schedule=options["schedule"])
        for result in results:
            self.stdout.write(f"{result.task.name}: {result.status}")
        if failed := [r.task.name for r in results if r.status == TaskResultStatus.FAILED]:
            raise CommandError(f"失敗したジョブ: {', '.join(failed)}")
