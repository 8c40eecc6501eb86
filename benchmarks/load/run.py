"""Load benchmark: latency of the key pages under concurrent users, as a ratio to the floor.

    DATABASE_URL=postgres://… uv run --frozen --group load python benchmarks/load/run.py \\
        [--users 20] [--seconds 60] [--workers 5] [--think 0,0] [--out results.json]

Against the database in ``DATABASE_URL`` (PostgreSQL; SQLite when unset, for a quick try):

1. picks the staff and records (``plan.py``) and creates their verified sessions and API
   tokens;
2. starts the app under gunicorn on loopback with production settings (DEBUG off, demo mode
   off, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1; no HTTPS redirect or secure cookies, since
   loopback has no TLS);
3. checks that every page answers 200 to its user;
4. runs locust headless once per phase, ``--users`` users each requesting the phase's page
   as soon as the last answer came (or after ``--think`` seconds): a warm-up, then for each
   page the floor (``--floor-seconds``) and right after it the page (``--seconds``), all of
   it ``--rounds`` times in turn (the rounds' samples pooled, so that a shared machine's drift
   over minutes falls on every page and its floor alike), and last a mix of all pages at once;
5. prints the median and p95 latency of each page and their ratio to the floor's, and writes
   everything (samples excepted) as JSON.

The floor is a trivial authenticated page served by the same server in the same run: the
worker's own organization's page (one indexed row, the full page layout, the session, login
and one-time-code checks and the header's unread count). Each page's ratio is to the median
(and p95) of the floor measured right before it, so that load from other work on a shared
machine falls on both alike; in the mix, to the mix's own floor requests. The first
``--warmup`` seconds of every phase are not counted.

What else is measured per phase: requests per second; the CPU time per request of gunicorn
and of PostgreSQL (when it runs on this machine); the share of the machine's CPU that was
busy and how many cores' worth went to other work; locust's own CPU time; audit entries
appended per second; and, sampled every 0.1 s from pg_stat_activity, how many database
connections were running, waiting for a lock, or idle inside a transaction.
"""

import argparse
import json
import os
import platform
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
sys.path[:0] = [str(PROJECT / "src"), str(HERE)]

TARGET_P95_MS = 150.0
TARGET_RATIO = 5.0
MIX = {
    "floor": 2,
    "home": 3,
    "my_work": 2,
    "search": 3,
    "person": 3,
    "timeline": 3,
    "case": 2,
    "dashboard": 1,
    "export": 0.5,
    "api_persons": 1,
    "api_consultations": 1,
}


# --- statistics -------------------------------------------------------------------------------


def _mean(values) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.mean(known), 1) if known else None


def summary(latencies: list[float]) -> dict:
    """Median and p95 (linear interpolation between order statistics) in milliseconds."""
    if not latencies:
        return {"n": 0, "median_ms": None, "p95_ms": None, "max_ms": None}
    ordered = sorted(latencies)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[18] if len(ordered) > 1 else 0
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95 or ordered[0], 1),
        "max_ms": round(ordered[-1], 1),
    }


def ratios(page: dict, floor: dict) -> dict:
    def ratio(key: str) -> float | None:
        if page[key] is None or not floor[key]:
            return None
        return round(page[key] / floor[key], 2)

    return {"median_ratio": ratio("median_ms"), "p95_ratio": ratio("p95_ms")}


def meets(row: dict) -> bool:
    return (
        row["p95_ms"] is not None
        and row["p95_ms"] < TARGET_P95_MS
        and (row["p95_ratio"] or 0) < TARGET_RATIO
        and (row["median_ratio"] or 0) < TARGET_RATIO
    )


# --- machine and processes --------------------------------------------------------------------


def hardware() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version()}
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        info["mem_total_kb"] = int(meminfo[0].split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        info["loadavg_at_start"] = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        pass
    return info


def tree_cpu_seconds(root: int) -> float | None:
    """User + system CPU seconds of ``root`` and its children, live or ended (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(entry.name) == root:  # its own time and that of children it reaped
                total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
            elif int(fields[1]) == root:  # a live child (fields[1]: the parent)
                total += int(fields[11]) + int(fields[12])
    except OSError:
        return None
    return total / ticks


def machine_cpu() -> tuple[int, int] | None:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the Django side --------------------------------------------------------------------------


def django_setup(secret_key: str) -> None:
    os.environ["SECRET_KEY"] = secret_key
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.config.settings")
    import django

    django.setup()


def data_size() -> dict:
    from django.db import connection
    from django.db.models import Max, Min

    from tsunagu.cases.models import Case
    from tsunagu.consultations.models import Activity, Consultation, Referral
    from tsunagu.people.models import Household, Person
    from tsunagu.privacy.models import AuditEvent

    span = Consultation.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
    return {
        "database": connection.vendor,
        "persons": Person.objects.count(),
        "households": Household.objects.count(),
        "consultations": Consultation.objects.count(),
        "activities": Activity.objects.count(),
        "referrals": Referral.objects.count(),
        "cases": Case.objects.count(),
        "audit_events_at_start": AuditEvent.objects.count(),
        "consultations_from": span["first"].isoformat() if span["first"] else None,
        "consultations_to": span["last"].isoformat() if span["last"] else None,
    }


def postmaster_pid() -> int | None:
    """The local PostgreSQL server's main process (the parent of our backend), if any."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    connection.close()
    try:
        return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None  # not on this machine


def audit_sequence() -> int:
    from django.db import connection

    from tsunagu.privacy.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", flat=True).first()
    connection.close()  # hold nothing open while the server works
    return head or 0


class LockSampler:
    """Samples PostgreSQL's pg_stat_activity every ``interval`` seconds while a phase runs:
    how many of the server's connections are running a query, waiting for a lock (the audit
    chain head's row lock shows as ``Lock/transactionid`` or ``Lock/tuple``), or sit idle
    inside a transaction. Nothing on SQLite."""

    QUERY = """
        SELECT state, coalesce(wait_event_type, ''), coalesce(wait_event, ''), count(*)
        FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend'
          AND pid <> pg_backend_pid() AND state <> 'idle'
        GROUP BY 1, 2, 3
    """

    def __init__(self, interval: float = 0.1) -> None:
        import threading

        self.interval = interval
        self.samples = 0
        self.counts: dict[str, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            while not self.stop.wait(self.interval):
                cursor.execute(self.QUERY)
                self.samples += 1
                for state, kind, event, n in cursor.fetchall():
                    key = f"{state} {kind}/{event}".strip(" /")
                    self.counts[key] = self.counts.get(key, 0) + n
        connection.close()

    def __enter__(self) -> "LockSampler":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    def result(self) -> dict:
        """Mean number of connections in each state, per sample."""
        if not self.samples:
            return {}
        return {
            key: round(n / self.samples, 2)
            for key, n in sorted(self.counts.items(), key=lambda item: -item[1])
        }


# --- the server -------------------------------------------------------------------------------


def server_env(secret_key: str, demo_mode: bool) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DEBUG", "TSUNAGU_DEMO", "TSUNAGU_DEMO_SHOW_OTP"):
        env.pop(name, None)
    if demo_mode:
        env["TSUNAGU_DEMO"] = "1"
    env |= {
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # loopback has no TLS; the proxy does it in production
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT / "src"),
    }
    return env


def start_server(*, port: int, workers: int, env: dict, log: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "tsunagu.config.wsgi",
        "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120",
    ]  # fmt: skip
    server = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=PROJECT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30):  # noqa: S310
                return server
        except OSError:  # not listening yet, or still importing the app
            time.sleep(0.5)
    server.terminate()
    server.wait(timeout=60)
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {log}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_pages(base: str, plan: dict) -> dict[str, float]:
    """Request every page once as its user; each must answer 200. Returns the seconds each
    took (a cold request: the workers' first)."""
    opener = urllib.request.build_opener(NoRedirect)
    cold = {}
    for page in plan["pages"]:
        role = page["role"]
        headers = (
            {"Authorization": f"Bearer {plan['tokens'][role][0]}"}
            if page["api"]
            else {"Cookie": f"{plan['session_cookie']}={plan['sessions'][role][0]}"}
        )
        request = urllib.request.Request(base + page["path"], headers=headers)  # noqa: S310
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=120) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = f"{error.code} {error.headers.get('Location', '')}"
        if status != 200:
            raise SystemExit(f"{page['name']} {page['path']} answered {status}, not 200")
        cold[page["name"]] = round((time.perf_counter() - started) * 1000, 1)
    return cold


# --- the phases -------------------------------------------------------------------------------


def run_phase(
    name: str, mix: dict, seconds: int, args, base: str, plan_file: Path, pids: dict
) -> dict:
    work = Path(args.work)
    samples_file = work / f"samples-{name}.json"
    env = dict(os.environ) | {
        "LOAD_PLAN": str(plan_file),
        "LOAD_MIX": ",".join(f"{page}:{weight}" for page, weight in mix.items()),
        "LOAD_THINK": args.think,
        "LOAD_SAMPLES": str(samples_file),
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
        "-u", str(args.users), "-r", str(args.users), "-t", f"{seconds}s",
        "--host", base, "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip

    def cpu() -> dict:
        return {who: tree_cpu_seconds(pid) for who, pid in pids.items() if pid}

    sequence, cpu_before, machine = audit_sequence(), cpu(), machine_cpu()
    started = time.time()
    with (work / f"locust-{name}.log").open("w") as log, LockSampler() as sampler:
        locust = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        _, status, usage = os.wait4(locust.pid, 0)
    wall = time.time() - started
    if status != 0:
        raise SystemExit(f"locust failed in phase {name}; see {work / f'locust-{name}.log'}")
    cpu_after, machine_after = cpu(), machine_cpu()
    appended = audit_sequence() - sequence
    samples = json.loads(samples_file.read_text())
    first = min((s[1] for s in samples), default=started)
    kept = [s for s in samples if s[1] >= first + args.warmup]
    measured = max(seconds - args.warmup, 1)
    pages = {}
    for page in mix:
        ok = [s[2] for s in kept if s[0] == page and s[3]]
        failed = sum(1 for s in kept if s[0] == page and not s[3])
        pages[page] = summary(ok) | {
            "failures": failed,
            "per_second": round(len(ok) / measured, 1),
        }
    requests_all = len(samples)
    result = {
        "phase": name,
        "mix": mix,
        "wall_s": round(wall, 1),
        "requests": requests_all,
        "requests_per_second": round(len(kept) / measured, 1),
        "audit_appends_per_second": round(appended / wall, 1),
        "load_generator_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "db_connections": sampler.result(),
        "pages": pages,
    }
    used = {
        who: cpu_after[who] - cpu_before[who]
        for who in cpu_before
        if cpu_before[who] is not None and cpu_after.get(who) is not None
    }
    if requests_all:
        for who, seconds_used in used.items():
            result[f"{who}_cpu_ms_per_request"] = round(seconds_used * 1000 / requests_all, 1)
    if machine and machine_after:
        busy, total = machine_after[0] - machine[0], machine_after[1] - machine[1]
        result["machine_cpu_busy"] = round(busy / total, 2) if total else None
        # cores' worth of CPU used by anything but the server, the database and locust
        ours = sum(used.values()) + usage.ru_utime + usage.ru_stime
        result["other_cpu_cores"] = round(busy / os.sysconf("SC_CLK_TCK") / wall - ours / wall, 2)
    result["_latencies"] = {page: [s[2] for s in kept if s[0] == page and s[3]] for page in mix}
    return result


def table(rows: list[dict], titles: dict[str, str]) -> str:
    head = (
        f"{'page':<34} {'n':>6} {'req/s':>6} {'median':>7} {'p95':>7} "
        f"{'med/floor':>9} {'p95/floor':>9} {'app ms':>7} {'db ms':>6}  target"
    )
    lines = [head, "-" * len(head)]
    for row in rows:

        def fmt(value, spec):
            return format(value, spec) if value is not None else "-"

        lines.append(
            f"{titles.get(row['page'], row['page']):<34} {row['n']:>6} "
            f"{fmt(row['per_second'], '6.1f')} {fmt(row['median_ms'], '7.1f')} "
            f"{fmt(row['p95_ms'], '7.1f')} {fmt(row['median_ratio'], '9.2f')} "
            f"{fmt(row['p95_ratio'], '9.2f')} {fmt(row.get('cpu_ms'), '7.1f')} "
            f"{fmt(row.get('db_cpu_ms'), '6.1f')}  "
            f"{'met' if meets(row) else 'MISSED'}"
        )
    return "\n".join(lines)


def _base(phase: str) -> str:
    """The phase's page (or ``floor@page``), without its round (``case#2``)."""
    return phase.split("#", 1)[0]


def summarize(phases: list[dict], plan: dict, args) -> dict:
    """Print the tables and return the report: each page against the floor measured right
    before it (every round's samples pooled, and each round's ratios beside them), the mix
    against its own floor requests, and every phase's measurements."""
    titles = {p["name"]: p["title"] for p in plan["pages"]}
    floor_phases = [p for p in phases if p["phase"].startswith("floor")]
    floor = summary([x for p in floor_phases for x in p["_latencies"]["floor"]])
    separate = []
    for name in [p["name"] for p in plan["pages"]]:
        runs = [p for p in phases if _base(p["phase"]) == name]
        floors = [p for p in phases if _base(p["phase"]) == f"floor@{name}"] or [
            p for p in phases if _base(p["phase"]) == "floor"
        ]
        pooled = summary([x for p in runs for x in p["_latencies"][name]])
        near = summary([x for p in floors for x in p["_latencies"]["floor"]])
        row = {"page": name} | pooled | ratios(pooled, near)
        row |= {
            "failures": sum(p["pages"][name]["failures"] for p in runs),
            "per_second": round(statistics.mean(p["pages"][name]["per_second"] for p in runs), 1),
            "floor_median_ms": near["median_ms"],
            "floor_p95_ms": near["p95_ms"],
            "cpu_ms": _mean(p.get("server_cpu_ms_per_request") for p in runs),
            "db_cpu_ms": _mean(p.get("database_cpu_ms_per_request") for p in runs),
        }
        if len(runs) > 1:
            row["rounds"] = [
                ratios(run["pages"][name], summary(before["_latencies"]["floor"]))
                for run, before in zip(runs, floors, strict=False)
            ]
        separate.append(row)
    report = {"floor_all": floor, "separate": separate}
    rounds = f", {args.rounds} rounds pooled" if args.rounds > 1 else ""
    print(f"\nEach page on its own, {args.users} users, think time {args.think} s{rounds};")
    print("ratios to the floor measured right before the page:")
    print(table(separate, titles))
    for row in separate:
        if "rounds" in row:
            each = ", ".join(f"{r['median_ratio']}/{r['p95_ratio']}" for r in row["rounds"])
            print(f"  {row['page']}: median/p95 ratio by round: {each}")
    print(f"every floor phase pooled: {floor}")
    mix = next((p for p in phases if p["phase"] == "mix"), None)
    if mix:
        mix_floor = summary(mix["_latencies"].get("floor", []))
        mixed = [
            {"page": name} | stats | ratios(stats, mix_floor)
            for name, stats in mix["pages"].items()
        ]
        report["mix"] = mixed
        print("\nAll pages at once (weights", mix["mix"], "); ratios to the mix's floor requests:")
        print(table(mixed, titles))
    for phase in phases:
        phase.pop("_latencies")
    report["phases"] = phases
    print("\nper phase: req/s, CPU ms per request of gunicorn and of PostgreSQL, machine CPU busy,")
    print("cores used by other work, audit entries appended per s, locust's CPU s")
    for p in phases:
        print(
            f"  {p['phase']:<22} {p['requests_per_second']:>7} "
            f"{p.get('server_cpu_ms_per_request', '-'):>7} "
            f"{p.get('database_cpu_ms_per_request', '-'):>7} {p.get('machine_cpu_busy', '-'):>5} "
            f"{p.get('other_cpu_cores', '-'):>6} {p['audit_appends_per_second']:>7} "
            f"{p['load_generator_cpu_s']:>6}"
        )
    print("\ndatabase connections per phase (mean number in each state, PostgreSQL):")
    for p in phases:
        if p["db_connections"]:
            print(f"  {p['phase']:<22} {p['db_connections']}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60, help="per phase")
    parser.add_argument("--warmup", type=float, default=5, help="seconds dropped per phase")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--floor-seconds", type=int, default=20, help="the floor, right before each page"
    )
    parser.add_argument("--think", default="0,0", help="min,max seconds between requests")
    parser.add_argument("--pages", default="", help="comma-separated subset (floor always)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every page (each after its floor) this many times, in turn, and pool them",
    )
    parser.add_argument("--no-mix", action="store_true", help="skip the phase of all pages")
    parser.add_argument("--demo-mode", action="store_true", help="serve with TSUNAGU_DEMO=1")
    parser.add_argument("--out", default="", help="JSON results (default: in --work)")
    parser.add_argument("--work", default="", help="directory for logs and samples")
    parser.add_argument("--keep", action="store_true", help="keep sessions and tokens")
    args = parser.parse_args()
    args.work = args.work or tempfile.mkdtemp(prefix="tsunagu-load-")
    Path(args.work).mkdir(parents=True, exist_ok=True)

    secret_key = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
    django_setup(secret_key)
    import plan as planning
    from django.conf import settings

    meta = {
        "command": shlex.join([Path(sys.executable).name, *sys.argv]),
        "database_url_scheme": os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0],
        "hardware": hardware(),
        "git": subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=PROJECT, capture_output=True, text=True, check=False,
        ).stdout.strip(),
        "users": args.users, "seconds": args.seconds, "warmup_s": args.warmup,
        "workers": args.workers, "think_s": args.think, "server": "gunicorn (sync workers)",
        "rounds": args.rounds,
        "data": data_size(),
    }  # fmt: skip
    print(f"data: {meta['data']}", flush=True)
    plan = planning.build(users=args.users).as_json()
    plan["session_cookie"] = settings.SESSION_COOKIE_NAME
    chosen = set(filter(None, args.pages.split(","))) | {"floor"}
    if args.pages:
        plan["pages"] = [p for p in plan["pages"] if p["name"] in chosen]
    meta |= {"staff": plan["users"], "records": plan["records"]}
    print(f"staff: {plan['users']}\nrecords: {plan['records']}", flush=True)
    plan_file = Path(args.work) / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False))
    from django.db import connection

    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    phases = []
    server = None
    try:
        server = start_server(
            port=port,
            workers=args.workers,
            env=server_env(secret_key, args.demo_mode),
            log=Path(args.work) / "gunicorn.log",
        )
        pids = {"server": server.pid, "database": postmaster_pid()}
        meta["cold_ms"] = check_pages(base, plan)
        names = [p["name"] for p in plan["pages"]]
        # warm-up (not reported): every worker has imported, compiled and cached what it needs
        schedule = [("warmup", {name: 1 for name in names}, 15)]
        for round_ in range(1, args.rounds + 1):
            suffix = f"#{round_}" if args.rounds > 1 else ""
            for name in names:
                if name != "floor":
                    schedule.append((f"floor@{name}{suffix}", {"floor": 1}, args.floor_seconds))
                schedule.append((f"{name}{suffix}", {name: 1}, args.seconds))
        if not args.no_mix:
            schedule.append(("mix", {n: w for n, w in MIX.items() if n in names}, args.seconds))
        for name, mix, seconds in schedule:
            print(f"phase {name} ({seconds} s) …", flush=True)
            phases.append(run_phase(name, mix, seconds, args, base, plan_file, pids))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        if not args.keep:
            planning.cleanup(plan)

    report = {"meta": meta} | summarize(phases, plan, args)
    out = Path(args.out or Path(args.work) / "results.json")
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"\nresults: {out}  logs: {args.work}")


if __name__ == "__main__":
    main()
