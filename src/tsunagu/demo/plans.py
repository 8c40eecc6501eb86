"""In-memory plans of the demo records, and the date and time rules they follow.

Households and consultations are planned first (pure Python, driven by one seeded
``random.Random``) and written afterwards in bulk, so the same seed on the same day gives
the same residents.

Rules:
* Ages are exact on ``today``: a person planned as 84 is 84 today.
* Records happen on working days, between 08:45 and 17:15 local time, never in the future.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from tsunagu.accounts.models import User
from tsunagu.consultations.models import Consultation
from tsunagu.people.models import Household, Person

MALE, FEMALE = "男性", "女性"


@dataclass
class Member:
    """One resident of a planned household; ``person`` is set once saved."""

    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: date
    sex: str
    relation: str
    started_on: date
    phone: str = ""
    notes: str = ""
    person: Person | None = None


@dataclass
class HouseholdPlan:
    """A household as one organization records it. Mirrors are other agencies' records."""

    kind: str
    org: str
    area: str
    postal_code: str
    address: str
    housing: str
    members: list[Member]
    notes: str = ""
    mirrors: list["HouseholdPlan"] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)  # for a mirror: source member indexes
    household: Household | None = None

    def at(self, org: str, index: int) -> tuple["HouseholdPlan", Member]:
        """The record of member ``index`` kept by ``org`` (this plan or one of its mirrors)."""
        if org == self.org:
            return self, self.members[index]
        for mirror in self.mirrors:
            if mirror.org == org and index in mirror.origin:
                return mirror, mirror.members[mirror.origin.index(index)]
        raise KeyError(f"{org} has no record of member {index}")


@dataclass
class ConsultationSpec:
    """A consultation to write, with the referral it leads to and its follow-up activities."""

    plan: HouseholdPlan
    member: Member
    received_at: datetime
    channel: str
    categories: list[str]
    main_concern: str
    wishes: str
    urgency: str
    consent: str
    disposition: str
    staff: User
    housing: str
    visitor: tuple[str, str, str] = ("", "", "")  # name, relation, contact
    refer_to: str = ""
    referral_status: str = ""  # forced status; empty means derived from the referral's age
    referral_reason: str = ""
    sent_at: datetime | None = None
    follow_ups: int = 0
    consultation: Consultation | None = None


@dataclass
class TodayEntry:
    """A support activity recorded today (the home page shows them)."""

    org: str
    member: Member
    kind: str
    at: datetime
    text: str
    staff: User
    spec: ConsultationSpec | None = None


@dataclass
class Context:
    """Everything a planning step needs: the seeded generator and the clock."""

    rng: random.Random
    today: date
    now: datetime
    days: int = 365  # how far back the consultations go (a large city keeps years)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_date(rng: random.Random, today: date, age: int) -> date:
    """A birth date making the person exactly ``age`` today."""
    return years_before(today, age) - timedelta(days=rng.randint(1, 364))


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def local(day: date, hour: int, minute: int) -> datetime:
    """An aware datetime in the project's time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def working_day(ctx: Context, latest: int, earliest: int = 0) -> date:
    """A weekday about ``earliest``–``latest`` days ago, more often recent ones.

    A weekend falls back to the Friday before it.
    """
    offset = earliest + int((latest - earliest) * ctx.rng.random() ** 1.35)
    day = ctx.today - timedelta(days=offset)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def office_time(ctx: Context, day: date) -> datetime:
    """A time in office hours on ``day``, not later than now."""
    minutes = ctx.rng.randint(0, (17 * 60 + 15) - (8 * 60 + 45))
    moment = local(day, 8, 45) + timedelta(minutes=minutes)
    if moment > ctx.now:
        earliest = min(local(day, 8, 45), ctx.now)
        moment = max(earliest, ctx.now - timedelta(minutes=ctx.rng.randint(5, 90)))
    return moment


def later(ctx: Context, start: datetime, min_days: int, max_days: int) -> datetime | None:
    """A working-day moment ``min_days``–``max_days`` after ``start``, or None if in the future."""
    day = start.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    day += timedelta(days=ctx.rng.randint(min_days, max_days))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    if day > ctx.today:
        return None
    moment = office_time(ctx, day)
    return moment if moment > start else None


def today_at(ctx: Context, hour: int, minute: int) -> datetime:
    """Today at ``hour``:``minute``, or a little before now when that time is still to come."""
    moment = local(ctx.today, hour, minute)
    if moment <= ctx.now:
        return moment
    return max(local(ctx.today, 0, 0), ctx.now - timedelta(minutes=ctx.rng.randint(3, 90)))
