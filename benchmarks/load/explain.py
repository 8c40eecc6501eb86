"""Why a page is slow: its SQL queries by time, EXPLAIN ANALYZE of the slowest, and where the
Python time goes — one page of the load benchmark, served in-process, without concurrency.

    DATABASE_URL=postgres://… uv run --frozen --group load python benchmarks/load/explain.py \\
        case [--repeat 20] [--explain 3] [--profile 25]

The page names are those of ``run.py`` (floor, home, my_work, search, person, timeline, case,
dashboard, export, api_persons, api_consultations); the staff and records are picked the same
way (``plan.py``). The page is requested ``--repeat`` times as its user, with the settings
``run.py`` gives gunicorn; the first request is a warm-up. Every request writes its audit
entries, as under load. Only SELECTs are explained (EXPLAIN ANALYZE runs the statement).
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1] / "src"), str(HERE)]

import run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", type=int, default=3, help="slowest SELECTs to explain")
    parser.add_argument("--profile", type=int, default=25, help="functions to list (0: none)")
    args = parser.parse_args()

    secret_key = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
    os.environ.update(run.server_env(secret_key, demo_mode=False))
    run.django_setup(secret_key)
    import plan as planning
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    plan = planning.build(users=1).as_json()
    try:
        page = next(p for p in plan["pages"] if p["name"] == args.page)
        role = page["role"]
        client = Client(headers={"host": "127.0.0.1"})
        if page["api"]:
            headers = {"authorization": f"Bearer {plan['tokens'][role][0]}"}
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = plan["sessions"][role][0]
            headers = {}

        def fetch() -> None:
            response = client.get(page["path"], headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"{page['path']} answered {response.status_code}")

        fetch()
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            fetch()
            times.append((time.perf_counter() - started) * 1000)
        median, fastest = statistics.median(times), min(times)
        print(f"{page['title']} {page['path']}: median {median:.1f} ms, min {fastest:.1f} ms")
        print(f"  over {args.repeat} requests, in-process, one at a time")

        queries: list[tuple[float, str, object]] = []

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append(((time.perf_counter() - started) * 1000, sql, params))

        with connection.execute_wrapper(timed):
            fetch()
        queries.sort(key=lambda q: -q[0])
        print(f"\n{len(queries)} queries, {sum(q[0] for q in queries):.1f} ms in the database:")
        for ms, sql, _ in queries[:15]:
            print(f"  {ms:7.2f} ms  {sql[:160]}")
        selects = [q for q in queries if q[1].lstrip().upper().startswith("SELECT")]
        if connection.vendor == "postgresql":
            for ms, sql, params in selects[: args.explain]:
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                    plan_text = "\n    ".join(row[0] for row in cursor.fetchall())
                print(f"\n{ms:.2f} ms: {sql[:600]}\n  params {str(params)[:200]}")
                print(f"    {plan_text}")

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                fetch()
            profiler.disable()
            print("\nPython profile of 5 requests (by own time):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(
                args.profile
            )
            print("\n… and by cumulative time:")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(
                args.profile
            )
            print("\n… and tsunagu's own functions by cumulative time:")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(
                "src/tsunagu/", args.profile
            )
    finally:
        planning.cleanup(plan)


if __name__ == "__main__":
    main()
