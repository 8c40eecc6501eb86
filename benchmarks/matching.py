"""Benchmark: rank 10,000 social resources for one person (参加支援のマッチング).

    uv run python benchmarks/matching.py [--resources 10000] [--runs 30]

Times ``tsunagu.participation.matching.rank`` — the constraints, the scores and the
explanations — on generated resources held in memory, as the selector hands them over after
one query. Prints the median and the ratio to the 50 ms target.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tsunagu.participation.matching import DAYS, Need, Offer, rank, words_of  # noqa: E402
from tsunagu.participation.vocabulary import Accommodation, Category  # noqa: E402

CATEGORIES = list(Category.values)
ACCOMMODATIONS = list(Accommodation.values)
WORDS = ["野菜", "パソコン", "接客", "清掃", "猫", "料理", "読書", "ゲーム", "木工", "写真", "花"]
TARGET_MS = 50.0


def offers(n: int, rng: random.Random) -> list[Offer]:
    return [
        Offer(
            id=i,
            categories=frozenset(rng.sample(CATEGORIES, rng.randint(1, 3))),
            accommodations=frozenset(rng.sample(ACCOMMODATIONS, rng.randint(0, 4))),
            text="".join(rng.sample(WORDS, 3)) + f"資源{i}",
            days=frozenset(rng.sample(list(DAYS), rng.randint(0, 5))),
            time_slots=frozenset(
                rng.sample(["morning", "afternoon", "evening"], rng.randint(0, 2))
            ),
            area_id=rng.randint(1, 4),
            area_name="北部",
            open_slots=rng.randint(0, 5),
            active=rng.random() > 0.1,
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(7)  # noqa: S311 - reproducible benchmark data, not security
    data = offers(args.resources, rng)
    need = Need(
        interest_categories=frozenset({"farming", "creative"}),
        interest_words=words_of("野菜、パソコン、猫"),
        days=frozenset({"mon", "wed", "fri"}),
        time_slots=frozenset({"morning", "afternoon"}),
        areas=frozenset({1, 2}),
        transport="public",
        anxiety="some",
        stamina="medium",
        avoid_words=words_of("接客"),
    )
    rank(need, data)  # warm up
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        found = rank(need, data)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"resources: {args.resources}, runs: {args.runs}, suggestions: {len(found)}")
    print(f"median: {median:.1f} ms  (min {min(times):.1f}, max {max(times):.1f})")
    print(f"ratio to the {TARGET_MS:.0f} ms target: {median / TARGET_MS:.2f}")


if __name__ == "__main__":
    main()
