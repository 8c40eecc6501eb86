"""Reminders of work due: run daily, either this command from cron or the background task
``cases.tasks.send_reminders`` (``manage.py enqueue_jobs daily``, docs/deployment.md).

    python manage.py send_reminders

Each staff member with plan actions or meeting follow-ups overdue or due within the next
days, plans due for monitoring, meetings tomorrow, outreach contacts past their interval or
participation follow-ups due (sources registered by those apps) gets one notification per
kind and day, in the app and — with TSUNAGU_NOTIFY_BY_EMAIL — by e-mail. Notifications give
counts and a link, never a name. Running it twice on a day sends nothing new.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tsunagu.cases.reminders import reminders_send


class Command(BaseCommand):
    help = "期限の近い仕事のお知らせを送ります（1日1回の実行を想定）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=3, help="何日先までの期限を知らせるか")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(today=timezone.localdate(), days=options["days"])
        self.stdout.write(f"お知らせを {sent} 件送りました。")
