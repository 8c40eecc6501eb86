"""Splink 5 (DuckDB backend) on the 名寄せ benchmark's records, for a side-by-side comparison
with tsunagu's engine.

    python benchmarks/linkage/splink_run.py RECORDS.csv OUT.csv [--threshold 0.9]
        [--sweep 0.5,0.8,0.9,0.95,0.99] [--timings timings.json]

Fairness: both systems see the same normalization, tsunagu's own (src/tsunagu/linkage/
normalize.py and variants.py), done here in Python before the data reaches DuckDB:

* ``name_key`` — normalize.name_key (NFKC, spaces removed), then variants.fold_variants
  (異体字 → canonical) when that module is there;
* ``kana_key`` — normalize.kana_key of the whole フリガナ (script, width, spaces, small kana,
  long vowels folded); ``kana2`` its first two letters; ``given_kana`` kana_key of the part
  after the first space (empty when the kana has no space);
* ``dob`` — normalize.birth_date (西暦/和暦, any width) as ISO ``YYYY-MM-DD``;
* ``addr_key`` / ``addr_base`` / ``addr_town`` — normalize.address: base|room, base (up to
  the block number), the base without its trailing numbers;
* ``phone`` — the digits, when there are at least 10.

Model: comparisons name (exact name_key with term-frequency adjustment / exact kana_key with
TF / Jaro–Winkler on kana_key ≥ 0.92 / ≥ 0.88 / same given-name kana — a surname changed on
marriage / else), birth date (exact / Levenshtein ≤ 1 on the ISO string / day and month
swapped / else), address (same key = flat, with TF / same base / same town / else), phone
(exact / else). Blocking for prediction: (dob, kana2), (kana_key, addr_base), (name_key),
(phone), (given_kana, dob). Training: λ from deterministic rules (name_key + dob, recall
0.8), u by random sampling (max_pairs 5e6, seed 1), m by EM on block_on(name_key) and on
block_on(dob). Then predict at 0.5, and cluster_pairwise_predictions_at_threshold at
--threshold; --sweep clusters the same predictions at further thresholds (run.py picks the
one with the best pairwise F1 against the truth, at each size — an advantage tsunagu does not
get). A separate given-name comparison was tried and dropped: it double-counts the name and
lowered F1.

Writes record_id, person_id. Stage times (seconds) go to --timings as JSON and to stderr.
"""

import argparse
import csv
import json
import logging
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, os.environ.get("LINKAGE_SRC") or str(ROOT / "src"))  # see run.py

from tsunagu.linkage import normalize  # noqa: E402

try:
    from tsunagu.linkage.variants import fold_variants  # noqa: E402
except ImportError:  # the variant table is not there yet

    def fold_variants(text: str) -> str:
        return text


_TRAILING_NUMBERS = re.compile(r"[\d\-]+$")
COLUMNS = (
    "unique_id",
    "name_key",
    "kana_key",
    "kana2",
    "given_kana",
    "dob",
    "dob_swapped",
    "addr_key",
    "addr_base",
    "addr_town",
    "phone",
)


def _memo(fn):
    cache: dict = {}

    def wrapped(value):
        got = cache.get(value)
        if got is None:
            got = cache[value] = fn(value)
        return got

    return wrapped


@_memo
def _name(text: str) -> str | None:
    return fold_variants(normalize.name_key(text)) or None


@_memo
def _kana(text: str) -> tuple[str | None, str | None]:
    key = normalize.kana_key(text)
    parts = unicodedata.normalize("NFKC", text or "").split()
    given = normalize.kana_key("".join(parts[1:])) if len(parts) >= 2 else ""
    return key or None, given or None


@_memo
def _dob(text: str) -> tuple[str | None, str | None]:
    parsed = normalize.birth_date(text)
    if parsed is None:
        return None, None
    swapped = None
    if parsed.day <= 12 and parsed.day != parsed.month:
        swapped = f"{parsed.year:04d}-{parsed.day:02d}-{parsed.month:02d}"
    return parsed.isoformat(), swapped


@_memo
def _address(text: str) -> tuple[str | None, str | None, str | None]:
    parsed = normalize.address(text)
    if not parsed.base:
        return None, None, None
    return parsed.key, parsed.base, _TRAILING_NUMBERS.sub("", parsed.base) or None


def _phone(text: str) -> str | None:
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit())
    return digits if len(digits) >= 10 else None


def normalized_columns(path: Path) -> dict[str, list]:
    cols: dict[str, list] = {c: [] for c in COLUMNS}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            kana, given = _kana(row["kana"])
            dob, swapped = _dob(row["birth_date"])
            key, base, town = _address(row["address"])
            values = (
                row["record_id"],
                _name(row["name"]),
                kana,
                kana[:2] if kana else None,
                given,
                dob,
                swapped,
                key,
                base,
                town,
                _phone(row["phone"]),
            )
            for c, v in zip(COLUMNS, values, strict=True):
                cols[c].append(v)
    return cols


def settings():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.CustomLevel(
                "name_key_l IS NULL AND kana_key_l IS NULL "
                "OR name_key_r IS NULL AND kana_key_r IS NULL"
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("name_key", term_frequency_adjustments=True),
            cll.ExactMatchLevel("kana_key", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("kana_key", 0.92),
            cll.JaroWinklerLevel("kana_key", 0.88),
            cll.CustomLevel("given_kana_l = given_kana_r", "same given-name kana"),
            cll.ElseLevel(),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.LevenshteinLevel("dob", 1),
            cll.CustomLevel("dob_swapped_l = dob_r", "day and month swapped"),
            cll.ElseLevel(),
        ],
    )
    address = cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.NullLevel("addr_key"),
            cll.ExactMatchLevel("addr_key", term_frequency_adjustments=True),
            cll.ExactMatchLevel("addr_base"),
            cll.ExactMatchLevel("addr_town"),
            cll.ElseLevel(),
        ],
    )
    phone = cl.ExactMatch("phone")
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[name, dob, address, phone],
        blocking_rules_to_generate_predictions=[
            block_on("dob", "kana2"),
            block_on("kana_key", "addr_base"),
            block_on("name_key"),
            block_on("phone"),
            block_on("given_kana", "dob"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument(
        "--sweep",
        default="",
        help="also cluster at these thresholds; writes OUTPUT with .t<threshold> before the suffix",
    )
    parser.add_argument("--u-max-pairs", type=float, default=5e6)
    parser.add_argument("--timings", type=Path)
    parser.add_argument("--threads", type=int, default=0, help="DuckDB threads (0: all cores)")
    parser.add_argument("--model", type=Path, help="save the trained model (JSON) here")
    args = parser.parse_args(argv)

    timings: dict[str, float] = {}
    started = last = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal last
        now = time.perf_counter()
        timings[stage] = now - last
        print(f"[splink] {stage}: {now - last:.2f} s", file=sys.stderr, flush=True)
        last = now

    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, block_on

    lap("import")
    cols = normalized_columns(args.records)
    lap("normalize")
    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    table = pa.table({c: pa.array(v, type=pa.string()) for c, v in cols.items()})
    con.register("records_arrow", table)
    con.execute("CREATE TABLE records AS SELECT * FROM records_arrow")
    con.unregister("records_arrow")
    del table, cols
    db_api = DuckDBAPI(connection=con)
    df = db_api.register("records")
    linker = Linker(df, settings(), log_level=logging.WARNING)
    lap("load")

    linker.training.estimate_probability_two_random_records_match(
        [block_on("name_key", "dob")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_max_pairs, seed=1)
    lap("train_u")
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_key"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    lap("train_em")
    if args.model:
        linker.misc.save_model_to_json(str(args.model), overwrite=True)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    lap("predict")
    thresholds = [args.threshold] + [float(t) for t in args.sweep.split(",") if t]
    for i, threshold in enumerate(thresholds):
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        if i == 0:
            lap("cluster")
            out = args.output
        else:
            out = args.output.with_name(f"{args.output.stem}.t{threshold}{args.output.suffix}")
        path = str(out).replace("'", "''")
        con.execute(  # our own table and path
            f"COPY (SELECT unique_id AS record_id, cluster_id AS person_id "  # noqa: S608
            f"FROM {clusters.physical_name}) TO '{path}' (HEADER, DELIMITER ',')"
        )
        if i == 0:
            lap("write")
    timings["total"] = time.perf_counter() - started
    table = predictions.physical_name
    pairs = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    print(f"[splink] total: {timings['total']:.2f} s; {pairs} pairs ≥ 0.5", file=sys.stderr)
    if args.timings:
        args.timings.write_text(json.dumps({"timings": timings, "pairs": pairs}, indent=2))


if __name__ == "__main__":
    main()
