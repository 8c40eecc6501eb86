"""``python manage.py demo``: build the demo municipality みどり市 and serve it.

Rules:
* Runs only in demo or development mode (``TSUNAGU_DEMO=1`` or ``DEBUG=1``), because
  ``--reset`` empties the whole database.
* Applies migrations first. An existing demo (a ``demo-admin`` login) is kept unless
  ``--reset`` is given, which flushes the database and generates it again.
* Prints the URL and the demo logins, then runs the development server unless
  ``--no-serve``. Without DEBUG, static files are served by runserver's ``--insecure``.
"""

import time
import unicodedata
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tsunagu.accounts.selectors import DEMO_PASSWORD, demo_users
from tsunagu.demo.build import (
    DEFAULT_RESIDENTS,
    DEFAULT_SEED,
    DemoCounts,
    demo_counts,
    demo_exists,
    generate_demo,
)
from tsunagu.demo.directory import ensure_demo_devices


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (全角 characters take two)."""
    return text + " " * max(0, width - _width(text))


def _url(addrport: str) -> str:
    """The address to open in a browser for ``runserver``'s ``addrport``."""
    host, _, port = addrport.rpartition(":")
    if not host or host in ("0.0.0.0", "[::]"):  # noqa: S104 - only printed
        host = "127.0.0.1"
    return f"http://{host}:{port or '8000'}/"


class Command(BaseCommand):
    help = "デモ用の自治体「みどり市」を作成して公開します (build and serve the demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="データベースを空にしてデモを作り直す (flush and regenerate)",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"乱数の種 (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--residents",
            type=int,
            default=DEFAULT_RESIDENTS,
            help=f"住民のおおよその人数 (default {DEFAULT_RESIDENTS})",
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="作成だけしてサーバーは起動しない (do not run the server)",
        )
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help="開発サーバーのアドレスとポート (default 127.0.0.1:8000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "デモは TSUNAGU_DEMO=1 または DEBUG=1 のときだけ実行できます "
                "(the demo runs only in demo or development mode)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        if demo_exists():
            self.stdout.write("既存のデモデータを使います (demo kept; --reset rebuilds it).")
            ensure_demo_devices(demo_users())
            self._write_counts(demo_counts())
        else:
            self.stdout.write("デモ自治体「みどり市」を作成しています… (generating the demo)")
            started = time.perf_counter()
            counts = generate_demo(seed=options["seed"], residents=options["residents"])
            self._write_counts(counts, seconds=time.perf_counter() - started)
        self._write_logins(options["addrport"])
        if not options["no_serve"]:
            call_command(
                "runserver",
                options["addrport"],
                use_reloader=False,
                insecure_serving=not settings.DEBUG,
            )

    def _write_counts(self, counts: DemoCounts, seconds: float | None = None) -> None:
        took = f"（{seconds:.1f} 秒 / {seconds:.1f} s）" if seconds is not None else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"機関 {counts.organizations}・職員 {counts.staff}・本人 {counts.persons}・"
                f"世帯 {counts.households}・相談 {counts.consultations}・"
                f"つなぎ {counts.referrals}・支援経過 {counts.activities}・"
                f"本人同意 {counts.consents}・会議 {counts.meetings}・"
                f"緊急時の閲覧 {counts.emergency_accesses}・事例 {counts.cases}{took}"
            )
        )

    def _write_logins(self, addrport: str) -> None:
        users = demo_users()
        rows = [("役割 / Role", "ユーザー名 / Username", "所属機関 / Organization")]
        rows += [(u.get_role_display(), u.username, str(u.organization)) for u in users]
        widths = [max(_width(row[i]) for row in rows) + 2 for i in range(2)]
        self.stdout.write("")
        self.stdout.write(f"ブラウザで開く / Open: {self.style.SUCCESS(_url(addrport))}")
        self.stdout.write(f"パスワード（全員共通） / Password (all logins): {DEMO_PASSWORD}")
        if settings.TSUNAGU_DEMO_SHOW_OTP:
            self.stdout.write(
                "確認コードはログイン画面に表示されます / "
                "The one-time codes are shown on the login page."
            )
        self.stdout.write("")
        for role, username, organization in rows:
            self.stdout.write(f"  {_pad(role, widths[0])}{_pad(username, widths[1])}{organization}")
        self.stdout.write("")
