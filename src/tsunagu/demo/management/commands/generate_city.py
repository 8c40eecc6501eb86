"""``python manage.py generate_city --residents 1000000 --years 5``: a large synthetic city for
measuring (see ``tsunagu.demo.city``), on an empty database, reproducible from ``--seed``."""

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tsunagu.demo.build import DEFAULT_SEED, demo_exists
from tsunagu.demo.city import generate_city


class Command(BaseCommand):
    help = "測定用の大都市（合成データ）を作成します (build a large synthetic city for measuring)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--residents", type=int, default=1_000_000, help="人口 (default 1,000,000)"
        )
        parser.add_argument("--years", type=int, default=5, help="記録の年数 (default 5)")
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"乱数の種 (default {DEFAULT_SEED})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "合成データは TSUNAGU_DEMO=1 または DEBUG=1 のときだけ作成できます "
                "(synthetic data only in demo or development mode)."
            )
        if options["residents"] < 10_000 or not 1 <= options["years"] <= 20:
            raise CommandError("人口は10,000以上、年数は1〜20で指定してください。")
        call_command("migrate", interactive=False, verbosity=0)
        if demo_exists():
            raise CommandError(
                "データベースが空ではありません。空のデータベースで実行してください "
                "(the database is not empty)."
            )
        started = time.perf_counter()
        counts = generate_city(
            residents=options["residents"], years=options["years"], seed=options["seed"]
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"人口 {counts.residents:,}（記録のある住民 約{counts.known:,}）・"
                f"{counts.years}年分: "
                f"本人 {counts.persons:,}・相談 {counts.consultations:,}・事例 {counts.cases:,}・"
                f"会議 {counts.meetings:,}・アウトリーチ {counts.outreach:,}・"
                f"社会資源 {counts.resources:,}・参加 {counts.placements:,}"
                f"（{seconds:.0f} 秒 / {seconds:.0f} s）\n"
                f"集計の人口には TSUNAGU_RESIDENTS={counts.residents} を設定してください。"
            )
        )
