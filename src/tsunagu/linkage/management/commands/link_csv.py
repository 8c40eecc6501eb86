from django.core.management.base import BaseCommand, CommandError

from tsunagu.linkage import cli


class Command(BaseCommand):
    help = "名寄せ: CSV の記録を人と世帯にまとめ、record_id, person_id, household_id を書き出す"

    def add_arguments(self, parser) -> None:
        parser.add_argument("input")
        parser.add_argument("output")
        parser.add_argument("--threshold", default=None)

    def handle(self, *args, **options) -> None:
        argv = [options["input"], options["output"]]
        if options["threshold"]:
            argv += ["--threshold", options["threshold"]]
        if cli.main(argv) != 0:
            raise CommandError("CSV を読めませんでした")
