"""A realistic demo municipality (みどり市) for trying tsunagu: ``python manage.py demo``.

``generate_demo(seed, residents)`` builds, in one transaction:

* the four 圏域, the issue catalogue, ten agencies of the 重層 network and their staff,
  with one login per role (``demo-<role>``, password ``DEMO_PASSWORD``);
* about ``residents`` residents in households of realistic shapes, each recorded by the
  agency that knows them, some known to two agencies under slightly different spellings;
* the named situations of ``scenarios`` (8050, ダブルケア, young carers, isolation,
  withdrawal, ごみ屋敷) and a year of consultations, referrals and support activities,
  including activities today and referrals waiting in the demo logins' inboxes;
* the privacy layer on those situations (``trust``): consents for 会議での共有 (one given by a
  成年後見人, one narrowed, one withdrawn, one expired), 重層的支援会議 and a 支援会議 with
  their agendas and shared information, 税情報 at one counter, and emergency accesses;
* three multi-agency cases (``coordination``): one 支援中 with its team and the meeting that
  approved its plan, one waiting for the city's 支援決定, one 終結;
* community issues (``community``): 地域課題 found in the meetings and in participation
  support, one answered by a new place;
* 社協's outreach caseload (``outreach``): reports from a 民生委員, a newspaper deliverer and
  the water bureau, months of contacts, one handed over, one suspended, one report waiting;
* the social resource directory and participation support (``participation``): fourteen
  resources, one person settled at the café developed for a 地域課題, one at a first visit;
* 名寄せ (``linkage``): the linkage run over every agency's records, two hard pairs in the
  coordinator's review queue, and the 8050 household's overlap on the next 支援会議's agenda;
* the expense ledger (``reports``): this 年度's costs per programme and source field.

The same seed on the same day gives the same residents. Generated data is not audited (see
``records``); everything done afterwards through the app is.
"""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import Organization, User
from tsunagu.cases.models import Case
from tsunagu.consents.models import Consent as ConsentRecord
from tsunagu.consultations.models import Activity, Consultation, Referral
from tsunagu.demo import (
    community,
    coordination,
    directory,
    intake,
    linkage,
    outreach,
    participation,
    records,
    reports,
    residents,
    scenarios,
    trust,
)
from tsunagu.demo.plans import Context
from tsunagu.meetings.models import Meeting
from tsunagu.people.models import Household, Person
from tsunagu.privacy.models import EmergencyAccess

DEMO_ADMIN_USERNAME = "demo-admin"
DEFAULT_SEED = 2026
DEFAULT_RESIDENTS = 2000

__all__ = [
    "DEFAULT_RESIDENTS",
    "DEFAULT_SEED",
    "DemoCounts",
    "demo_counts",
    "demo_exists",
    "generate_demo",
]


@dataclass(frozen=True)
class DemoCounts:
    organizations: int
    staff: int
    persons: int
    households: int
    consultations: int
    referrals: int
    activities: int
    consents: int
    meetings: int
    emergency_accesses: int
    cases: int


def demo_exists() -> bool:
    """Whether the database already holds the demo (its ``demo-admin`` login exists)."""
    return User.objects.filter(username=DEMO_ADMIN_USERNAME).exists()


def demo_counts() -> DemoCounts:
    return DemoCounts(
        organizations=Organization.objects.count(),
        staff=User.objects.count(),
        persons=Person.objects.count(),
        households=Household.objects.count(),
        consultations=Consultation.objects.count(),
        referrals=Referral.objects.count(),
        activities=Activity.objects.count(),
        consents=ConsentRecord.objects.count(),
        meetings=Meeting.objects.count(),
        emergency_accesses=EmergencyAccess.objects.count(),
        cases=Case.objects.count(),
    )


def _plan_households(ctx: Context, staff: directory.Staff, target: int) -> tuple[list, list, list]:
    """Scripted situations first, then random households until ``target`` residents."""
    plans, specs, today = scenarios.build_scenarios(ctx, staff)
    count = sum(len(plan.members) for plan in plans)
    while count < target:
        plan = residents.random_household(ctx)
        plans.append(plan)
        count += len(plan.members)
    return plans, specs, today


@transaction.atomic
def generate_demo(
    *, seed: int = DEFAULT_SEED, residents: int = DEFAULT_RESIDENTS, years: int = 1
) -> DemoCounts:
    """Build the demo municipality: ``residents`` known to its agencies, consultations over the
    last ``years``. Expects a database without it (see ``demo_exists``)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    ctx = Context(rng=rng, today=timezone.localdate(), now=timezone.now(), days=365 * years)
    areas = directory.ensure_areas()
    categories = directory.ensure_catalogue()
    orgs = directory.create_organizations(areas)
    staff = directory.create_staff(rng, orgs)
    plans, specs, today = _plan_households(ctx, staff, residents)
    specs += intake.bulk_specs(ctx, staff, plans[len(scenarios.SCENARIOS) :])
    records.save_households(ctx, plans, orgs, areas, staff)
    records.save_consultations(ctx, specs, orgs, categories)
    referrals = records.save_referrals(ctx, specs, orgs, staff)
    records.save_referral_consents(ctx, specs, orgs)
    today += records.routine_today(ctx, specs, staff)
    records.save_activities(ctx, specs, referrals, today, staff)
    named = plans[: len(scenarios.SCENARIOS)]
    trust.save_trust(ctx, named, orgs, staff)
    coordination.save_coordination(ctx, named, orgs, staff)
    community.save_community(ctx, staff)
    outreach.save_outreach(ctx, named, orgs, staff)
    participation.save_participation(ctx, named, orgs, staff)
    linkage.save_linkage(ctx, named, orgs, staff)
    reports.save_expenses(ctx, staff.demo["demo-admin"])
    return demo_counts()
