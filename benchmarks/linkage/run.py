"""名寄せ benchmark: tsunagu's linkage engine and Splink side by side, at several sizes.

    UV_PROJECT_ENVIRONMENT=/tmp/benchvenv uv run --frozen --group bench \
        python benchmarks/linkage/run.py --sizes 10000,100000,1000000 --out results.json

For each size: generates the data (generate.py, seed --seed) into --data/link<size>, or reuses
it; runs each system in its own subprocess (``--repeat`` times below 1M records,
``--repeat-large`` times from 1M, the systems' runs interleaved) and records the wall time per
stage and in total (median over the repeats), the peak memory (the larger of the subprocess's
ru_maxrss from os.wait4 and the proportional set size of its whole process tree, sampled every
0.5 s — the engine normalizes in forked workers) and the metrics of metrics.py. For tsunagu
also the incremental check: ``result.linker.match(record)`` for each of the generator's
--queries new records (3/4 of persons already linked, 1/4 new), median and p95 in
milliseconds, and whether the best match ≥ 0.5 is the right person (none for a new person).
Splink clusters its predictions at several thresholds; the one with the best pairwise F1
against the truth is reported (its time is that of one clustering).

Prints a table and writes everything as JSON to --out. Set LINKAGE_SRC to a copy of src/ to
benchmark a fixed version of the engine (and normalization) while the work tree changes.
"""

import argparse
import csv
import hashlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import metrics  # noqa: E402

# tsunagu's code: the work tree's src/, or a snapshot of it (LINKAGE_SRC) so that every size
# runs the same engine while the work tree changes
SRC = Path(os.environ.get("LINKAGE_SRC") or ROOT / "src")

SPLINK_THRESHOLDS = (0.9, 0.95, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999, 0.99999)


def _descendants(pid: int) -> list[int]:
    """pid and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, ()))
    return out


def _tree_pss(pid: int) -> int:
    """Proportional set size of the process tree, in bytes: shared pages (a forked worker's
    copy-on-write memory) counted once."""
    total = 0
    for member in _descendants(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def run_child(argv: list[str], log: Path) -> tuple[float, int, int, int]:
    """Run a subprocess; (wall seconds, peak RSS of its largest process in bytes — ru_maxrss
    from os.wait4 —, peak PSS of its whole process tree in bytes — sampled every 0.5 s, for
    work done in forked worker processes —, exit status)."""
    started = time.perf_counter()
    peak_tree = 0
    done = threading.Event()

    def sample(pid: int) -> None:
        nonlocal peak_tree
        while not done.wait(0.5):
            peak_tree = max(peak_tree, _tree_pss(pid))

    with open(log, "w") as out:
        # our own scripts
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)  # noqa: S603
        sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
    wall = time.perf_counter() - started
    peak_rss = usage.ru_maxrss * 1024
    return wall, peak_rss, max(peak_tree, peak_rss), os.waitstatus_to_exitcode(status)


# --- the tsunagu worker (runs in its own process) ---------------------------------------------


def tsunagu_worker(data: Path, output: Path, timings_path: Path) -> None:
    sys.path.insert(0, str(SRC))
    timings: dict[str, float] = {}
    started = time.perf_counter()
    from tsunagu.linkage.cli import read_records, write_assignments
    from tsunagu.linkage.engine import link

    timings["import"] = time.perf_counter() - started
    engine_file = SRC / "tsunagu" / "linkage" / "engine.py"
    engine_sha = hashlib.sha256(engine_file.read_bytes()).hexdigest()[:12]
    t = time.perf_counter()
    records = read_records(data / "records.csv")
    timings["read"] = time.perf_counter() - t
    t = time.perf_counter()
    result = link(records)
    timings["link"] = time.perf_counter() - t
    for stage, seconds in result.timings.items():
        timings["link." + stage] = seconds
    t = time.perf_counter()
    write_assignments(output, result.assignments)
    timings["write"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started

    # incremental: one new record at a time against everything linked
    queries = read_records(data / "queries.csv")
    with open(data / "queries_truth.csv", encoding="utf-8", newline="") as handle:
        query_person = {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}
    durations, bests = [], []
    for q in queries:
        t = time.perf_counter()
        matches = result.linker.match(q)
        durations.append(time.perf_counter() - t)
        bests.append((q.record_id, matches[0] if matches else None))
    # the true persons of the best matches only (the whole truth would inflate the peak)
    wanted = {best.record_id for _, best in bests if best}
    truth_of = {}
    with open(data / "truth.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["record_id"] in wanted:
                truth_of[row["record_id"]] = row["person_id"]
    correct, examples = 0, []
    for rid, best in bests:
        want = query_person[rid]
        got = truth_of[best.record_id] if best else None
        ok = got is None if want.startswith("NEW") else got == want
        correct += ok
        if not ok and len(examples) < 20:
            examples.append(
                {
                    "query": rid,
                    "true_person": want,
                    "best": best and [best.record_id, got, round(best.probability, 4)],
                }
            )
    durations_ms = sorted(d * 1000 for d in durations)
    incremental = {
        "queries": len(durations_ms),
        "median_ms": statistics.median(durations_ms),
        "p95_ms": durations_ms[int(0.95 * (len(durations_ms) - 1))],
        "max_ms": durations_ms[-1],
        "correct": correct,
        "wrong_examples": examples,
    }
    timings_path.write_text(
        json.dumps(
            {"timings": timings, "incremental": incremental, "engine_sha256": engine_sha},
            indent=2,
            ensure_ascii=False,
        )
    )


# --- the driver -------------------------------------------------------------------------------


def ensure_data(data: Path, size: int, seed: int, queries: int, regenerate: bool) -> float:
    if (data / "records.csv").exists() and (data / "truth.csv").exists() and not regenerate:
        return 0.0
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(HERE / "generate.py"),
            "--records",
            str(size),
            "--seed",
            str(seed),
            "--queries",
            str(queries),
            "--out",
            str(data),
        ],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def median_timings(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = [k for k in runs[0] if all(k in r for r in runs)]
    return {k: statistics.median(r[k] for r in runs) for k in keys}


def run_once(system: str, data: Path, label: str) -> dict:
    """One run of one system in its own process: its timings, wall time and peak memory."""
    out = data / f"{system}.csv"
    timing_file = data / f"{system}.timings.json"
    log = data / f"{system}.log"
    if system == "tsunagu":
        argv = [sys.executable, str(HERE / "run.py"), "--worker", "tsunagu", "--data", str(data)]
        argv += ["--worker-out", str(out), "--worker-timings", str(timing_file)]
    else:
        argv = [sys.executable, str(HERE / "splink_run.py"), str(data / "records.csv"), str(out)]
        argv += ["--threshold", str(SPLINK_THRESHOLDS[0])]
        argv += ["--sweep", ",".join(map(str, SPLINK_THRESHOLDS[1:]))]
        argv += ["--timings", str(timing_file)]
    wall, peak_rss, peak, status = run_child(argv, log)
    if status != 0:
        print(f"  {system} failed (exit {status}); see {log}", file=sys.stderr)
        return {"failed": True, "exit": status, "log": str(log)}
    produced = json.loads(timing_file.read_text())
    print(
        f"  {system} run {label}: {wall:.1f} s wall, {peak / 2**20:.0f} MiB peak",
        file=sys.stderr,
        flush=True,
    )
    return {"wall": wall, "peak": peak, "peak_rss": peak_rss, **produced}


def summarize(system: str, data: Path, runs: list[dict], fields) -> dict:
    """Median times and the largest peak over the runs; the metrics of the (last) output."""
    truth = metrics.read_truth(data / "truth.csv")
    out = data / f"{system}.csv"
    extra = {k: v for k, v in runs[-1].items() if k not in ("wall", "peak", "peak_rss", "timings")}
    walls = [r["wall"] for r in runs]
    result = {
        "repeats": len(runs),
        "wall_s": statistics.median(walls),
        "wall_all_s": walls,
        "peak_mib": max(r["peak"] for r in runs) / 2**20,  # process tree (PSS), ≥ ru_maxrss
        "peak_rss_mib": max(r["peak_rss"] for r in runs) / 2**20,  # largest single process
        "stages_s": median_timings([r["timings"] for r in runs]),
        **extra,
    }
    if system == "splink":
        best = None
        for threshold in SPLINK_THRESHOLDS:
            path = (
                out
                if threshold == SPLINK_THRESHOLDS[0]
                else out.with_name(f"{out.stem}.t{threshold}{out.suffix}")
            )
            m = metrics.evaluate(truth, metrics.read_output(path), fields)
            result.setdefault("by_threshold", {})[str(threshold)] = {
                "pairwise_f1": m["pairwise"]["f1"],
                "cluster_f1": m["cluster"]["f1"],
            }
            if best is None or m["pairwise"]["f1"] > best[1]["pairwise"]["f1"]:
                best = (threshold, m, path)
        result["threshold"], result["metrics"], result["best_output"] = (
            best[0],
            best[1],
            str(best[2]),
        )
    else:
        result["metrics"] = metrics.evaluate(truth, metrics.read_output(out), fields)
    return result


def fmt_row(size: int, system: str, r: dict) -> str:
    if r.get("failed"):
        return f"| {size:,} | {system} | failed | | | | | | | |"
    m = r["metrics"]
    pw, cl = m["pairwise"], m["cluster"]
    hh = m["household_recall"]

    def rec(kind):
        v = hh.get(kind)
        return f"{v['recall']:.3f}" if v and v["recall"] is not None else "–"

    inc = r.get("incremental")
    inc_s = (
        f"{inc['median_ms']:.1f} / {inc['p95_ms']:.1f} ({inc['correct']}/{inc['queries']} right)"
        if inc
        else "–"
    )
    name = system + (f" (t={r['threshold']})" if "threshold" in r else "")
    return (
        f"| {size:,} | {name} | {r['wall_s']:.1f} | {r.get('peak_mib', r['peak_rss_mib']):,.0f} | "
        f"{pw['precision']:.4f} / {pw['recall']:.4f} / **{pw['f1']:.4f}** | "
        f"{cl['precision']:.4f} / {cl['recall']:.4f} / **{cl['f1']:.4f}** | "
        f"{rec('8050')} / {rec('double_care')} / {rec('young_carer')} | "
        f"{m['household_member_merges']} | {inc_s} |"
    )


HEADER = (
    "| records | system | wall s | peak MiB | pairwise P / R / F1 | cluster P / R / F1 | "
    "household recall 8050 / double care / young carer | member merges | "
    "incremental median / p95 ms (best match right) |\n"
    "|---:|---|---:|---:|---|---|---|---:|---|"
)


def stage_table(results: dict) -> str:
    lines = ["| records | system | stages (median s) |", "|---:|---|---|"]
    for size, systems in results["sizes"].items():
        for system, r in systems["systems"].items():
            if r.get("failed"):
                continue
            stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stages_s"].items())
            lines.append(f"| {int(size):,} | {system} | {stages} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--systems", default="tsunagu,splink")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs per system below 1M")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per system at ≥1M")
    parser.add_argument("--data", type=Path, default=Path("/tmp/linkbench"))  # noqa: S108
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("linkage-results.json"))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker-timings", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "tsunagu":
        tsunagu_worker(args.data, args.worker_out, args.worker_timings)
        return

    results: dict = {"sizes": {}, "seed": args.seed, "machine": machine()}
    if args.out.exists():  # keep other sizes' results from an earlier run
        try:
            previous = json.loads(args.out.read_text())
            results["sizes"].update(previous.get("sizes", {}))
        except (ValueError, OSError):
            pass
    for size in [int(s) for s in args.sizes.split(",") if s]:
        data = args.data / f"link{size}"
        print(f"== {size:,} records ({data})", file=sys.stderr, flush=True)
        generated = ensure_data(data, size, args.seed, args.queries, args.regenerate)
        fields = metrics.read_fields(data / "records.csv")
        entry = results["sizes"].setdefault(str(size), {"systems": {}})
        entry["generate_s"] = generated or entry.get("generate_s", 0.0)
        repeats = args.repeat if size < 1_000_000 else args.repeat_large
        systems = args.systems.split(",")
        runs: dict[str, list[dict]] = {system: [] for system in systems}
        failed: dict[str, dict] = {}
        # interleaved (A, B, A, B …), so that load from elsewhere on the machine falls on both
        for r in range(repeats):
            for system in systems:
                if system in failed:
                    continue
                got = run_once(system, data, f"{r + 1}/{repeats}")
                if got.get("failed"):
                    failed[system] = got
                else:
                    runs[system].append(got)
        for system in systems:
            entry["systems"][system] = failed.get(system) or summarize(
                system, data, runs[system], fields
            )
            args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(HEADER)
    for size, entry in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        for system, r in entry["systems"].items():
            print(fmt_row(int(size), system, r))
    print()
    print(stage_table(results))
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False))


def machine() -> dict:
    info = {"cores": os.cpu_count()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["mem_gib"] = round(int(line.split()[1]) / 2**20, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["python"] = sys.version.split()[0]
    return info


if __name__ == "__main__":
    main()
