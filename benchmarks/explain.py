"""The slowest SQL of the key pages, with PostgreSQL's plans: which queries a page spends its
time in, and whether they use an index.

    DATABASE_URL=postgres://…/city1m TSUNAGU_DEMO=1 uv run --frozen python benchmarks/explain.py

Opens each key page in process (Django's test client, on the database DATABASE_URL names) as a
realistic user, twice (the second visit counts), records every query with its time, and prints
the page's total, its slowest SELECTs and ``EXPLAIN (ANALYZE, BUFFERS)`` of the slowest ones.
Opening pages writes audit entries, as a person's visit would. Results: docs/performance.md.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tsunagu.accounts.models import User  # noqa: E402
from tsunagu.accounts.tests.clients import VerifiedClient  # noqa: E402
from tsunagu.cases.models import Case  # noqa: E402
from tsunagu.consultations.models import Activity  # noqa: E402
from tsunagu.people.models import Person  # noqa: E402

TOP = int(os.getenv("TOP", "3"))


def pages() -> list[tuple[str, str, str]]:
    """(user, label, url) of the pages the load benchmark measures."""
    consultation = User.objects.get(username="demo-consultation")
    busiest = (
        Activity.objects.filter(organization=consultation.organization)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    person = Person.objects.get(pk=busiest["person_id"])
    case = Case.objects.order_by("-opened_at").first()
    kana = person.family_name_kana[:2]
    return [
        ("demo-consultation", "home (worklist)", "/"),
        ("demo-consultation", f"person search by kana ({kana})", f"/people/?q={kana}"),
        ("demo-consultation", "person page and timeline", f"/people/{person.pk}/"),
        ("demo-consultation", "consultation list", "/consultations/"),
        ("demo-coordinator", "case page", f"/cases/{case.pk}/"),
        ("demo-coordinator", "case list", "/cases/"),
        ("demo-admin", "dashboard", "/reports/"),
        ("demo-consultation", "API persons", "/api/v1/persons?limit=50"),
    ]


def explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    from tsunagu.api.models import ApiToken

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"persons {Person.objects.count():,}, activities {Activity.objects.count():,}\n")
    for username, label, url in pages():
        user = User.objects.get(username=username)
        client = VerifiedClient(HTTP_HOST="localhost")  # past both login steps
        client.force_login(user)
        headers = {}
        if url.startswith("/api/"):
            headers["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(user=user, name='explain')[1]}"
        client.get(url, **headers)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        total = (time.perf_counter() - started) * 1000
        spent = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(f"== {label}: {response.status_code}, {total:.0f} ms in process, "
              f"{len(queries)} queries taking {spent:.0f} ms")
        selects = sorted(
            (q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")),
            key=lambda q: -float(q["time"]),
        )
        for query in selects[:TOP]:
            print(f"-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
        if connection.vendor == "postgresql" and selects:
            # the captured SQL has its parameters inlined; run the plan of the slowest
            print(explain(selects[0]["sql"], None))
        print()


if __name__ == "__main__":
    main()
