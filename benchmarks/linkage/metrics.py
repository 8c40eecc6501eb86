"""Accuracy of a linkage against the generator's ground truth.

    python benchmarks/linkage/metrics.py TRUTH.csv OUTPUT.csv [--data DIR --explain 10] [--json]

TRUTH.csv: record_id, person_id, household_id, household_kind (generate.py).
OUTPUT.csv: record_id, person_id[, household_id] (the linkage). A record missing from the
output counts as a person (and a household) of its own.

Definitions:

* **pairwise** precision / recall / F1 over record pairs: a pair is predicted when both records
  have one predicted person, true when both have one true person. Counted from the
  contingency table of (predicted person, true person), never by enumerating pairs:
  TP = Σ C(n_ij, 2), predicted pairs = Σ C(a_i, 2), true pairs = Σ C(b_j, 2).
* **cluster** precision / recall / F1: a predicted person counts as correct iff its record set
  equals one true person's record set exactly. Precision = correct / predicted persons,
  recall = correct / true persons. Singletons count (a person with one record is found when
  that record is alone). ``cluster_recall_multi`` is the same recall over true persons with
  two or more records only — the ones where linking has work to do.
* **household recall** per kind (8050, double_care, young_carer): of the true households of
  that kind whose records span at least two fields (高齢/障害/子ども/困窮) — the ones that
  only 名寄せ across agencies can reveal — the share whose records *all* carry one predicted
  household_id. (Then at least two fields are among them, by the choice of the denominator.)
* **household-member merges**: distinct pairs of true persons of the same true household whose
  records appear in one predicted person (parent and child, twins …). ``other_merges`` counts
  such pairs from different households.
"""

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

KINDS = ("8050", "double_care", "young_carer")


def read_truth(path: Path) -> dict[str, tuple[str, str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            row["record_id"]: (row["person_id"], row["household_id"], row["household_kind"])
            for row in csv.DictReader(handle)
        }


def read_output(path: Path) -> dict[str, tuple[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {
            row["record_id"]: (row["person_id"], row.get("household_id") or "")
            for row in csv.DictReader(handle)
        }


def read_fields(records_csv: Path) -> dict[str, str]:
    with open(records_csv, encoding="utf-8", newline="") as handle:
        return {row["record_id"]: row["field"] for row in csv.DictReader(handle)}


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(
    truth: dict[str, tuple[str, str, str]],
    output: dict[str, tuple[str, str]],
    fields: dict[str, str] | None = None,
) -> dict:
    """All metrics (see the module docstring). ``fields`` (record_id → field) is needed for the
    household recall; without it every household with two or more records counts."""
    missing = 0
    pred_person: dict[str, str] = {}
    pred_household: dict[str, str] = {}
    for rid in truth:
        got = output.get(rid)
        if got is None:
            missing += 1
            pred_person[rid] = pred_household[rid] = "\0missing:" + rid
        else:
            pred_person[rid] = got[0]
            pred_household[rid] = got[1] or "\0nohousehold:" + rid

    cells = Counter((pred_person[rid], t[0]) for rid, t in truth.items())
    pred_size = Counter(pred_person.values())
    true_size = Counter(t[0] for t in truth.values())
    tp = sum(_pairs(n) for n in cells.values())
    pred_pairs = sum(_pairs(n) for n in pred_size.values())
    true_pairs = sum(_pairs(n) for n in true_size.values())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0

    cells_of_pred: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (p, t), n in cells.items():
        cells_of_pred[p].append((t, n))
    exact_true = set()
    for p, row in cells_of_pred.items():
        if len(row) == 1:
            t, n = row[0]
            if n == true_size[t] == pred_size[p]:
                exact_true.add(t)
    correct = len(exact_true)
    c_precision = correct / len(pred_size) if pred_size else 1.0
    c_recall = correct / len(true_size) if true_size else 1.0
    multi = [t for t, n in true_size.items() if n >= 2]
    recall_multi = sum(t in exact_true for t in multi) / len(multi) if multi else 1.0

    # merges of distinct true persons into one predicted person; a pair of true persons that
    # meets in several predicted persons counts once
    person_household = {t[0]: t[1] for t in truth.values()}
    merged_pairs: set[tuple[str, str]] = set()
    for row in cells_of_pred.values():
        if len(row) < 2:
            continue
        persons = sorted(t for t, _ in row)
        for i in range(len(persons)):
            for j in range(i + 1, len(persons)):
                merged_pairs.add((persons[i], persons[j]))
    member_merges = sum(person_household[a] == person_household[b] for a, b in merged_pairs)
    other_merges = len(merged_pairs) - member_merges

    # household recall
    households: dict[str, list[str]] = defaultdict(list)
    kind_of: dict[str, str] = {}
    for rid, (_, h, kind) in truth.items():
        households[h].append(rid)
        kind_of[h] = kind
    household_recall: dict[str, dict | None] = {}
    has_households = any(h for _, h in output.values())
    for kind in KINDS:
        if not has_households:  # the output has no household_id column (Splink)
            household_recall[kind] = None
            continue
        findable = found = 0
        for h, rids in households.items():
            if kind_of[h] != kind or len(rids) < 2:
                continue
            if fields is not None and len({fields[r] for r in rids}) < 2:
                continue
            findable += 1
            found += len({pred_household[r] for r in rids}) == 1
        household_recall[kind] = {
            "findable": findable,
            "found": found,
            "recall": found / findable if findable else None,
        }

    return {
        "records": len(truth),
        "missing_in_output": missing,
        "true_persons": len(true_size),
        "predicted_persons": len(pred_size),
        "pairwise": {
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "true_pairs": true_pairs,
            "predicted_pairs": pred_pairs,
            "tp": tp,
        },
        "cluster": {
            "precision": c_precision,
            "recall": c_recall,
            "f1": _f1(c_precision, c_recall),
            "correct": correct,
            "recall_multi": recall_multi,
        },
        "household_recall": household_recall,
        "household_member_merges": member_merges,
        "other_merges": other_merges,
    }


# --- explanations -----------------------------------------------------------------------------


def explain(data: Path, truth, output, examples: int = 10, out=sys.stdout) -> dict:
    """Which noise kinds the linkage misses: for each noise tag, the share of records of persons
    with ≥2 records that are split off the predicted person holding most of that person's
    records; plus examples of false splits and false merges, with the records."""
    with open(data / "records.csv", encoding="utf-8", newline="") as handle:
        records = {row["record_id"]: row for row in csv.DictReader(handle)}
    tags = {}
    with open(data / "noise.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tags[row["record_id"]] = [t for t in row["noise"].split(";") if t]
    pred = {rid: (output.get(rid) or ("\0" + rid, ""))[0] for rid in truth}
    by_true: dict[str, list[str]] = defaultdict(list)
    by_pred: dict[str, list[str]] = defaultdict(list)
    for rid, (p, _, _) in truth.items():
        by_true[p].append(rid)
        by_pred[pred[rid]].append(rid)

    tag_total: Counter = Counter()
    tag_split: Counter = Counter()
    split_examples = []
    for person, rids in by_true.items():
        if len(rids) < 2:
            continue
        main, _ = Counter(pred[r] for r in rids).most_common(1)[0]
        for r in rids:
            kinds = tags.get(r) or ["(none)"]
            off = pred[r] != main
            for t in kinds:
                tag_total[t] += 1
                tag_split[t] += off
        if len({pred[r] for r in rids}) > 1:
            split_examples.append(person)
    split_rates = {
        t: {"records": tag_total[t], "split_off": tag_split[t], "rate": tag_split[t] / tag_total[t]}
        for t in sorted(tag_total, key=lambda t: -tag_split[t] / max(1, tag_total[t]))
    }

    merge_examples = [p for p, rids in by_pred.items() if len({truth[r][0] for r in rids}) > 1]
    merge_kinds: Counter = Counter()
    for p in merge_examples:
        rids = by_pred[p]
        persons = {truth[r][0] for r in rids}
        hhs = {truth[r][1] for r in rids}
        merge_kinds["same household" if len(hhs) == 1 else "different households"] += 1
        merge_kinds[f"{len(persons)} true persons"] += 1

    # households of the kinds that matter, findable (≥2 fields) and not found: what their
    # records have in common
    pred_household = {rid: (output.get(rid) or ("", "\0" + rid))[1] or "\0" + rid for rid in truth}
    households: dict[str, list[str]] = defaultdict(list)
    for rid, (_, h, kind) in truth.items():
        if kind in KINDS:
            households[h].append(rid)
    missed_reasons: Counter = Counter()
    missed_examples = []
    findable = 0
    for h, rids in households.items():
        if len({records[r]["field"] for r in rids}) < 2:
            continue
        findable += 1
        labels = Counter(pred_household[r] for r in rids)
        if len(labels) == 1:
            continue
        missed_examples.append(h)
        main_label = labels.most_common(1)[0][0]
        off = [r for r in rids if pred_household[r] != main_label]
        reasons = set()
        for r in off:
            reasons.update(tags.get(r) or ["(none)"])
            person_records = by_true[truth[r][0]]
            if len({pred[x] for x in person_records}) > 1:
                reasons.add("person split")
        for reason in reasons:
            missed_reasons[reason] += 1

    def show(rid: str) -> str:
        r = records[rid]
        t = truth[rid]
        return (
            f"    {rid} {t[0]:>8} {pred[rid][:10]:>10} | {r['field']} {r['name']} | {r['kana']} | "
            f"{r['birth_date']} | {r['address']} | {r['phone']} | {';'.join(tags.get(rid, []))}"
        )

    print("split-off rate by noise tag (records of persons with ≥2 records):", file=out)
    for t, v in split_rates.items():
        print(f"  {t:18} {v['split_off']:6d} / {v['records']:7d} = {v['rate']:.3f}", file=out)
    print(
        f"false merges: {len(merge_examples)} predicted persons with >1 true person "
        f"({dict(merge_kinds)})",
        file=out,
    )
    print(f"false splits: {len(split_examples)} true persons over >1 predicted person", file=out)
    print(
        f"households (8050, double care, young carer) not found: {len(missed_examples)} of "
        f"{findable}; noise on the records outside the main predicted household:",
        file=out,
    )
    for reason, n in missed_reasons.most_common():
        print(f"  {reason:18} {n:6d}", file=out)
    import random

    rng = random.Random(0)  # noqa: S311
    print("\nexamples of false splits (record, true person, predicted person | ...):", file=out)
    for person in rng.sample(split_examples, min(examples, len(split_examples))):
        for rid in sorted(by_true[person], key=lambda r: pred[r]):
            print(show(rid), file=out)
        print(file=out)
    print("examples of false merges:", file=out)
    for p in rng.sample(merge_examples, min(examples, len(merge_examples))):
        for rid in sorted(by_pred[p], key=lambda r: truth[r][0]):
            print(show(rid), file=out)
        print(file=out)
    print("examples of households not found (record, true person, predicted household):", file=out)
    for h in rng.sample(missed_examples, min(examples, len(missed_examples))):
        for rid in sorted(households[h], key=lambda r: truth[r][0]):
            r = records[rid]
            print(
                f"    {rid} {truth[rid][0]:>8} {truth[rid][2]:>11} {pred_household[rid][:10]:>10}"
                f" | {r['field']} {r['name']} | {r['birth_date']} | {r['address']} | "
                f"{r['phone']} | {';'.join(tags.get(rid, []))}",
                file=out,
            )
        print(file=out)
    return {
        "split_rates": split_rates,
        "households_missed": dict(missed_reasons),
        "false_merges": len(merge_examples),
        "false_merge_kinds": dict(merge_kinds),
        "false_splits": len(split_examples),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("truth", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--data", type=Path, help="the generator's folder (records, noise)")
    parser.add_argument("--explain", type=int, default=0, help="print N examples of errors")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    truth = read_truth(args.truth)
    output = read_output(args.output)
    data = args.data or args.truth.parent
    fields = read_fields(data / "records.csv") if (data / "records.csv").exists() else None
    result = evaluate(truth, output, fields)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        pw, cl = result["pairwise"], result["cluster"]
        print(f"pairwise P {pw['precision']:.4f} R {pw['recall']:.4f} F1 {pw['f1']:.4f}")
        print(
            f"cluster  P {cl['precision']:.4f} R {cl['recall']:.4f} F1 {cl['f1']:.4f} "
            f"(recall of persons with ≥2 records {cl['recall_multi']:.4f})"
        )
        for kind, v in result["household_recall"].items():
            if v and v["recall"] is not None:
                print(f"household recall {kind}: {v['found']}/{v['findable']} = {v['recall']:.4f}")
        print(
            f"household-member merges: {result['household_member_merges']}; "
            f"other merges: {result['other_merges']}"
        )
    if args.explain:
        explain(data, truth, output, args.explain)


if __name__ == "__main__":
    main()
