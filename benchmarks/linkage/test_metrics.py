# ruff: noqa: S101
"""Tiny hand-made cases for metrics.py. No Django needed: skip pytest-django and the root
conftest.py (which imports the app's factories and needs settings)::

    UV_PROJECT_ENVIRONMENT=/tmp/benchvenv uv run --frozen --group bench \
        python -m pytest benchmarks/linkage/test_metrics.py -p no:django --noconftest -q

(Without ``-p no:django --noconftest`` it also passes, through pytest-django's settings.)
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metrics import evaluate  # noqa: E402

# r1..r3: person A (household H1, kind 8050); r4: person B (H1); r5, r6: person C (H2, other)
TRUTH = {
    "r1": ("A", "H1", "8050"),
    "r2": ("A", "H1", "8050"),
    "r3": ("A", "H1", "8050"),
    "r4": ("B", "H1", "8050"),
    "r5": ("C", "H2", "other"),
    "r6": ("C", "H2", "other"),
}
FIELDS = {"r1": "高齢", "r2": "高齢", "r3": "高齢", "r4": "困窮", "r5": "高齢", "r6": "高齢"}


def out(mapping):
    return {rid: (p, h) for rid, (p, h) in mapping.items()}


def test_perfect_linkage():
    result = evaluate(TRUTH, out({r: (t[0], t[1]) for r, t in TRUTH.items()}), FIELDS)
    assert result["pairwise"]["f1"] == 1.0
    assert result["cluster"]["f1"] == 1.0
    assert result["household_recall"]["8050"] == {"findable": 1, "found": 1, "recall": 1.0}
    assert result["household_member_merges"] == 0


def test_split_and_merge_counts_from_the_contingency_table():
    # A split into {r1, r2} and {r3}; B merged into C's person
    output = out(
        {
            "r1": ("x", "h"),
            "r2": ("x", "h"),
            "r3": ("y", "h"),
            "r4": ("z", "h"),
            "r5": ("z", "k"),
            "r6": ("z", "k"),
        }
    )
    result = evaluate(TRUTH, output, FIELDS)
    pw = result["pairwise"]
    # true pairs: A 3 + C 1 = 4; predicted pairs: x 1 + z 3 = 4; true positives: r1r2, r5r6
    assert (pw["true_pairs"], pw["predicted_pairs"], pw["tp"]) == (4, 4, 2)
    assert pw["precision"] == pw["recall"] == 0.5
    # no predicted person equals a true one
    assert result["cluster"]["correct"] == 0
    assert result["other_merges"] == 1 and result["household_member_merges"] == 0
    # all of H1's records share household "h" and they span 高齢 and 困窮
    assert result["household_recall"]["8050"]["found"] == 1


def test_household_member_merge_and_household_not_found():
    output = out(
        {
            "r1": ("x", "h"),
            "r2": ("x", "h"),
            "r3": ("x", "h"),
            "r4": ("x", "other"),
            "r5": ("c", "k"),
            "r6": ("c", "k"),
        }
    )
    result = evaluate(TRUTH, output, FIELDS)
    assert result["household_member_merges"] == 1
    assert result["household_recall"]["8050"]["found"] == 0
    # C is exact, A is not (B's record is with it): precision 1/2, recall 1/3
    assert result["cluster"]["precision"] == pytest.approx(1 / 2)
    assert result["cluster"]["recall"] == pytest.approx(1 / 3)


def test_a_household_in_one_field_is_not_findable():
    fields = dict(FIELDS, r4="高齢")
    result = evaluate(TRUTH, out({r: (t[0], t[1]) for r, t in TRUTH.items()}), fields)
    assert result["household_recall"]["8050"]["findable"] == 0


def test_missing_records_are_singletons():
    output = out(
        {
            "r1": ("A", "H1"),
            "r2": ("A", "H1"),
            "r4": ("B", "H1"),
            "r5": ("C", "H2"),
            "r6": ("C", "H2"),
        }
    )
    result = evaluate(TRUTH, output, FIELDS)
    assert result["missing_in_output"] == 1
    assert result["pairwise"]["precision"] == 1.0
    assert result["pairwise"]["recall"] == pytest.approx(2 / 4)
    assert result["household_recall"]["8050"]["found"] == 0
