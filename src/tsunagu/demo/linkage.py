"""名寄せ in the demo: the nightly linkage run over every agency's records, two records it cannot
decide alone waiting in the coordinator's review queue, and the 8050 household's overlap on the
next 支援会議's agenda.

The generated residents already include people known to two agencies under slightly different
spellings (``records``); the linkage joins those by itself. The two added here are harder: the
withdrawn son as the disability office wrote him down from a phone call (his name in
hiragana, his birth date keyed with a slip, the address he left), and the double-carer under
her maiden name at the poverty counter, at her parents' address in the same town, her birth
date keyed with a slip.
"""

import re
from datetime import date, timedelta

from tsunagu.accounts.models import Organization, User
from tsunagu.demo.directory import Staff
from tsunagu.demo.plans import Context, HouseholdPlan, local
from tsunagu.demo.trust import ordinary_staff, scenario_person, weekday
from tsunagu.linkage import services as linkage
from tsunagu.linkage.models import OverlapAgendaItem
from tsunagu.linkage.normalize import address
from tsunagu.linkage.selectors import find_overlaps
from tsunagu.meetings.models import Meeting, MeetingKind, Participant, StandingMember
from tsunagu.people.models import Household, HouseholdMembership, Person, Relation
from tsunagu.people.services import person_search_keys


def _slipped(day: date) -> date:
    """The birth date keyed with a slip: day and month swapped when that is another date, else
    the last digit of the day one off."""
    if day.day <= 12 and day.day != day.month:
        return day.replace(month=day.day, day=day.month)
    return day.replace(day=day.day - 1 if day.day % 10 else day.day + 1)


def _hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


def _add(org: Organization, by: User, **fields) -> Person:
    """A person recorded by ``org``, alone in a household of their own there."""
    person = Person.objects.create(
        organization=org, created_by=by, **fields, **person_search_keys(fields)
    )
    household = Household.objects.create(
        organization=org, name=f"{fields['family_name']}世帯", address=fields["address"]
    )
    HouseholdMembership.objects.create(
        household=household, person=person, relation=Relation.HEAD, started_on=date(2024, 4, 1)
    )
    return person


def save_linkage(
    ctx: Context, plans: list[HouseholdPlan], orgs: dict[str, Organization], staff: Staff
) -> None:
    son = scenario_person(plans, "hikikomori", 0, "shakyo", 2)
    _add(
        orgs["disability"],
        ordinary_staff(staff, "disability"),
        family_name=_hiragana(son.family_name_kana),
        given_name=_hiragana(son.given_name_kana),
        family_name_kana=son.family_name_kana,
        given_name_kana=son.given_name_kana,
        birth_date=_slipped(son.birth_date),
        address="みどり市本町3丁目14番2号",
    )
    carer = scenario_person(plans, "double_care", 2, "children", 0)
    town = re.sub(r"[\d\-]+$", "", address(carer.address).base)
    _add(
        orgs["poverty"],
        ordinary_staff(staff, "poverty"),
        family_name="森永",
        given_name=carer.given_name,
        family_name_kana="モリナガ",
        given_name_kana=carer.given_name_kana,
        birth_date=_slipped(carer.birth_date),
        address=f"{town}3丁目20番1号",
        phone=carer.phone,
    )
    linkage.link_everything()
    admin = User.objects.get(username="demo-admin")
    meeting = _next_support_meeting(ctx, admin)
    found = next((o for o in find_overlaps() if "8050の可能性" in o.patterns), None)
    if found is not None:
        OverlapAgendaItem.objects.create(
            meeting=meeting,
            household_key=found.household_key,
            summary=found.summary,
            added_by=admin,
        )


def _next_support_meeting(ctx: Context, admin: User) -> Meeting:
    """December's 支援会議, convened by the city with its standing members (not audited, like
    all generated data)."""
    meeting = Meeting.objects.create(
        kind=MeetingKind.SUPPORT,
        title="支援会議（12月定例）",
        organization=admin.organization,
        scheduled_at=local(weekday(ctx.today + timedelta(days=14), step=1), 14, 0),
        place="みどり市役所 第3会議室",
        created_by=admin,
    )
    Participant.objects.create(meeting=meeting, user=admin, role_note="主催")
    Participant.objects.bulk_create(
        Participant(meeting=meeting, user_id=m.user_id, role_note=m.role_note)
        for m in StandingMember.objects.exclude(user=admin).order_by("id")
    )
    return meeting
