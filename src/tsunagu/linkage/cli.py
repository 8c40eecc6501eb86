"""Link a CSV file of person records outside the web app, so that the linkage can be evaluated
on its own::

    PYTHONPATH=src uv run python -m tsunagu.linkage.cli records.csv linked.csv

The input has a header row with any of the columns ``record_id, organization, field, name,
kana, birth_date, address, phone`` (only ``record_id`` is required; any value may be empty), in
UTF-8 with or without a BOM. The output has ``record_id, person_id, household_id``: records
with the same ``person_id`` are one person, with the same ``household_id`` one household.
Stage timings go to standard error.
"""

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

from .engine import Record, Settings, link

COLUMNS = ("record_id", "organization", "field", "name", "kana", "birth_date", "address", "phone")


class InputError(ValueError):
    pass


def read_records(path: Path) -> list[Record]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "record_id" not in reader.fieldnames:
            raise InputError(f"{path}: 見出し行に record_id 列がありません")
        records = []
        seen: set[str] = set()
        for number, row in enumerate(reader, start=2):
            record_id = (row.get("record_id") or "").strip()
            if not record_id:
                raise InputError(f"{path}:{number}: record_id が空です")
            if record_id in seen:
                raise InputError(f"{path}:{number}: record_id {record_id} が重複しています")
            seen.add(record_id)
            records.append(
                Record(record_id, *((row.get(column) or "").strip() for column in COLUMNS[1:]))
            )
    return records


def write_assignments(path: Path, assignments: Sequence[tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("record_id", "person_id", "household_id"))
        writer.writerows(assignments)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="名寄せ: CSV の記録を人と世帯にまとめる")
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument(
        "--threshold", type=float, default=Settings.threshold, help="同一人物とする確率の下限"
    )
    args = parser.parse_args(argv)
    try:
        records = read_records(args.input)
    except (InputError, UnicodeDecodeError, OSError) as error:
        print(error, file=sys.stderr)
        return 2
    result = link(records, settings=Settings(threshold=args.threshold))
    write_assignments(args.output, result.assignments)
    persons = len(set(result.person.tolist()))
    households = len(set(result.household.tolist()))
    print(f"{len(records)} 件 → {persons} 人, {households} 世帯", file=sys.stderr)
    for stage, seconds in result.timings.items():
        print(f"  {stage}: {seconds:.3f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
