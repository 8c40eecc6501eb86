"""The Django side of the load benchmark: whom to log in as, which records to open, and the
sessions and API tokens the simulated users present. Runs inside ``run.py`` (and
``explain.py``) after ``django.setup()``.

Rules:
* The users are staff of the busiest organizations: the consultation worker (相談支援) of the
  organization with the most consultations, the coordinator (多機関協働) of the organization
  with the most cases, and a municipal administrator (市町村担当) for the programme figures.
* The records are the ones such staff really open: the worker's person with the longest
  timeline (consultations and activities), the coordinator's open case with the most records,
  and, for the kana search, a family name in kana that is common but not the most common among
  the worker's persons.
* Sessions are created server-side as ``django.contrib.auth.login`` and django-otp's
  ``otp_login`` leave them after the password and the one-time code, one per simulated user
  (every request saves the session: 20 users on one session would contend for its row).
* Whatever is created here (sessions, API tokens, TOTP devices for users without one) is
  listed in the plan and removed by ``cleanup``.
"""

from dataclasses import asdict, dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count, Q
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.models import Organization, Role, User
from tsunagu.api.models import ApiToken
from tsunagu.cases.models import Case, CaseStatus
from tsunagu.consultations.models import Activity, Consultation
from tsunagu.people.selectors import person_queryset_for

MODEL_BACKEND = "tsunagu.accounts.backends.ModelBackend"
TOKEN_NAME = "load benchmark"  # noqa: S105 - a label, not a secret
# the benchmark must not be cut short by the idle timeout between two phases
SESSION_SECONDS = 6 * 60 * 60


@dataclass
class Page:
    """One page or API call: who requests it and where."""

    name: str
    title: str
    role: str  # "worker", "coordinator" or "admin": whose sessions or tokens it uses
    path: str
    api: bool = False


@dataclass
class Plan:
    pages: list[Page]
    users: dict[str, dict]  # role → {"id", "username", "organization", ...}
    sessions: dict[str, list[str]]  # role → one session key per simulated user
    tokens: dict[str, list[str]]  # role → one API token secret per simulated user
    records: dict[str, object]  # what was picked, for the report
    created_token_ids: list[int] = field(default_factory=list)
    created_device_ids: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def _with_device(users) -> list[User]:
    """Users ordered so that those with a confirmed TOTP device come first, then by id."""
    return sorted(
        users,
        key=lambda u: (not TOTPDevice.objects.filter(user=u, confirmed=True).exists(), u.pk),
    )


def pick_worker() -> User:
    """A consultation worker of the organization with the most consultations."""
    orgs = (
        Organization.objects.filter(staff__role=Role.CONSULTATION, staff__is_active=True)
        .annotate(n=Count("consultations", distinct=True))
        .order_by("-n", "pk")
    )
    org = orgs.first()
    if org is None:
        raise SystemExit("No organization has an active consultation worker.")
    return _with_device(
        User.objects.filter(organization=org, role=Role.CONSULTATION, is_active=True)
    )[0]


def pick_coordinator() -> User:
    """A coordinator of the organization holding the most cases."""
    counts = dict(
        Case.objects.values_list("organization").annotate(n=Count("id")).order_by("-n")[:50]
    )
    staff = User.objects.filter(role=Role.COORDINATOR, is_active=True)
    if counts:
        staff = staff.filter(organization_id__in=counts)
    candidates = sorted(staff, key=lambda u: -counts.get(u.organization_id, 0))
    if not candidates:
        raise SystemExit("No active coordinator.")
    best = counts.get(candidates[0].organization_id, 0)
    return _with_device([u for u in candidates if counts.get(u.organization_id, 0) == best])[0]


def pick_admin() -> User:
    staff = User.objects.filter(
        role=Role.MUNICIPAL_ADMIN, is_active=True, organization__isnull=False
    )
    if not staff.exists():
        raise SystemExit("No active municipal administrator.")
    return _with_device(staff)[0]


def pick_person(worker: User) -> dict:
    """The worker's organization's person with the most consultations and activities."""
    consultations = (
        Consultation.objects.filter(organization=worker.organization_id)
        .values("person")
        .annotate(n=Count("id"))
        .order_by("-n")[:200]
    )
    activities = dict(
        Activity.objects.filter(
            organization=worker.organization_id,
            person__in=[row["person"] for row in consultations],
        )
        .values_list("person")
        .annotate(n=Count("id"))
    )
    scored = [(row["n"] + activities.get(row["person"], 0), row["person"]) for row in consultations]
    if not scored:
        raise SystemExit("The worker's organization has no consultations.")
    total, person_id = max(scored)
    return {"person_id": person_id, "timeline_records": total}


def pick_kana(worker: User, rank: int = 10) -> dict:
    """A family name in kana as staff type it: the ``rank``-th most common among the persons
    the worker may see (a common name, not the most common one)."""
    names = list(
        person_queryset_for(user=worker)
        .exclude(family_name_kana="")
        .values_list("family_name_kana")
        .annotate(n=Count("id"))
        .order_by("-n", "family_name_kana")[:rank]
    )
    if not names:
        raise SystemExit("The worker sees no person with a kana name.")
    kana, persons = names[-1]
    return {"kana": kana, "persons_with_that_family_name": persons}


def pick_case(coordinator: User) -> dict:
    """The coordinator's organization's case, open if any, with the most consultations,
    team members and plans."""
    cases = (
        Case.objects.filter(organization=coordinator.organization_id)
        .annotate(
            records=Count("consultations", distinct=True)
            + Count("team", distinct=True)
            + Count("plans", distinct=True),
            closed=Q(status=CaseStatus.CLOSED),
        )
        .order_by("closed", "-records", "pk")
    )
    case = cases.first()
    if case is None:
        raise SystemExit("The coordinator's organization has no case.")
    return {"case_id": case.pk, "case_records": case.records, "case_status": case.status}


def _device(user: User, created: list[int]) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOKEN_NAME, confirmed=True)
        created.append(device.pk)
    return device


def verified_session(user: User, device: TOTPDevice) -> str:
    """A session as the login leaves it after the password and the one-time code: what
    ``django.contrib.auth.login`` stores, plus django-otp's device id (``otp_login``), which
    ``OTPMiddleware`` reads to mark the user verified."""
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = MODEL_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.set_expiry(timedelta(seconds=SESSION_SECONDS))
    session.create()
    return session.session_key


def build(*, users: int) -> Plan:
    """Pick the users and records, and create ``users`` sessions and tokens for each role."""
    staff = {"worker": pick_worker(), "coordinator": pick_coordinator(), "admin": pick_admin()}
    worker, coordinator = staff["worker"], staff["coordinator"]
    person, kana, case = pick_person(worker), pick_kana(worker), pick_case(coordinator)
    search_matches = len(person_queryset_for(user=worker).filter(kana_key__contains=kana["kana"]))
    records = person | kana | case | {"search_matches": search_matches}
    pid = person["person_id"]
    pages = [
        Page("floor", "floor: 機関の詳細 (own organization)", "worker",
             f"/accounts/organizations/{worker.organization_id}/"),
        Page("home", "home (相談支援)", "worker", "/"),
        Page("my_work", "worklist わたしの仕事 (多機関協働)", "coordinator", "/cases/my-work/"),
        Page("search", "person search by kana", "worker",
             f"/people/?{urlencode({'q': kana['kana']})}"),
        Page("person", "person detail", "worker", f"/people/{pid}/"),
        Page("timeline", "person timeline", "worker", f"/consultations/people/{pid}/timeline/"),
        Page("case", "case page", "coordinator", f"/cases/{case['case_id']}/"),
        Page("dashboard", "dashboard 事業の実績", "admin", "/reports/"),
        Page("export", "report export (xlsx)", "admin", "/reports/export.xlsx"),
        Page("api_persons", "API persons?limit=50", "worker", "/api/v1/persons?limit=50",
             api=True),
        Page("api_consultations", "API consultations?limit=50", "worker",
             "/api/v1/consultations?limit=50", api=True),
    ]  # fmt: skip
    plan = Plan(pages=pages, users={}, sessions={}, tokens={}, records=records)
    for role, user in staff.items():
        device = _device(user, plan.created_device_ids)
        plan.users[role] = {
            "id": user.pk,
            "username": user.username,
            "role": user.role,
            "organization_id": user.organization_id,
            "organization": str(user.organization),
            "device_created": device.pk in plan.created_device_ids,
        }
        plan.sessions[role] = [verified_session(user, device) for _ in range(users)]
        plan.tokens[role] = []
        for _ in range(users):
            token, secret = ApiToken.issue(user=user, name=TOKEN_NAME)
            plan.created_token_ids.append(token.pk)
            plan.tokens[role].append(secret)
    return plan


def cleanup(plan: dict) -> None:
    """Remove the sessions, revoke the tokens and delete the devices the plan created."""
    keys = [key for keys in plan["sessions"].values() for key in keys]
    SessionStore.get_model_class().objects.filter(session_key__in=keys).delete()
    ApiToken.objects.filter(pk__in=plan["created_token_ids"]).update(revoked_at=timezone.now())
    TOTPDevice.objects.filter(pk__in=plan["created_device_ids"]).delete()
