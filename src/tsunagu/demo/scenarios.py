"""The named situations of the demo: hand-written cases a visitor should be able to find.

* 8050 households (a parent in their 80s, a withdrawn child in their 50s) — 4 cases;
* ダブルケア (child-rearing and elder care at once) — 3 cases;
* young carers (a 15–17-year-old caring for a parent or grandparent) — 2 cases;
* isolated elderly people living alone, withdrawn adults, ごみ屋敷 (self-neglect);
* referrals awaiting an answer at 北部地域包括支援センター (demo-consultation) and at
  障害者相談支援センターみどり (demo-disability), some of them without the person's consent.

Rules: cases sit at 北部地域包括支援センター where that is where they would be known, so
demo-consultation finds them on its home page, with activities recorded today. Ages in a
household respect the same parent–child gaps as the generated households. ``days`` is how
long ago the consultation was received; ``who`` indexes ``members``; a consultation at a
mirror organization is about that organization's own record of the member.
"""

from typing import Any

from tsunagu.consultations.models import Urgency
from tsunagu.demo.cases import CONTINUE, GIVEN, SCENARIOS
from tsunagu.demo.directory import Staff
from tsunagu.demo.intake import agency_visitor
from tsunagu.demo.plans import (
    ConsultationSpec,
    Context,
    HouseholdPlan,
    TodayEntry,
    office_time,
    today_at,
    working_day,
)
from tsunagu.demo.residents import household, mirror, mobile


def _visitor(
    ctx: Context, plan: HouseholdPlan, org: str, visitor: tuple | None
) -> tuple[str, str, str]:
    """The person who brought the matter, named as ``org`` has them on record if it does."""
    if visitor is None:
        return ("", "", "")
    relation, index = visitor
    if index is None:
        return agency_visitor(ctx, relation)
    try:
        _record, member = plan.at(org, index)
    except KeyError:
        member = plan.members[index]
    return f"{member.family_name} {member.given_name}", relation, member.phone or mobile(ctx)


def _spec(
    ctx: Context, staff: Staff, plan: HouseholdPlan, data: dict[str, Any]
) -> ConsultationSpec:
    """A scripted consultation; a referral's ``sent_days`` may be later than the intake."""
    record, member = plan.at(data["org"], data["who"])
    received = office_time(ctx, working_day(ctx, data["days"], data["days"]))
    sent_at = None
    if "sent_days" in data:
        sent_day = working_day(ctx, data["sent_days"], data["sent_days"])
        sent_at = max(received, office_time(ctx, sent_day))
    return ConsultationSpec(
        plan=record,
        member=member,
        received_at=received,
        channel=data["channel"],
        categories=list(data["cats"]),
        main_concern=data["text"],
        wishes=data["wishes"],
        urgency=data.get("urgency", Urgency.MEDIUM),
        consent=data.get("consent", GIVEN),
        disposition=data.get("disposition", CONTINUE),
        housing=record.housing,
        staff=staff.pick(ctx.rng, data["org"], demo_share=0.8),
        visitor=_visitor(ctx, plan, data["org"], data.get("visitor")),
        refer_to=data.get("refer_to", ""),
        referral_status=data.get("status", ""),
        referral_reason=data.get("reason", ""),
        sent_at=sent_at,
        follow_ups=data.get("follow", 0),
    )


def _today(
    ctx: Context, staff: Staff, plan: HouseholdPlan, specs: list[ConsultationSpec], entry: tuple
) -> TodayEntry:
    org, who, kind, hour, minute, text = entry
    _record, member = plan.at(org, who)
    latest = [s for s in specs if s.member is member]
    return TodayEntry(
        org=org,
        member=member,
        kind=kind,
        at=today_at(ctx, hour, minute),
        text=text,
        staff=staff.pick(ctx.rng, org, demo_share=1.0),
        spec=latest[-1] if latest else None,
    )


def build_scenarios(
    ctx: Context, staff: Staff
) -> tuple[list[HouseholdPlan], list[ConsultationSpec], list[TodayEntry]]:
    """Plan every named situation: households, their consultations and today's activities."""
    plans, specs, today = [], [], []
    for data in SCENARIOS:
        plan = household(
            ctx,
            data["kind"],
            data["org"],
            list(data["members"]),
            area=data["area"],
            housing=data["housing"],
            notes=data.get("notes", ""),
        )
        for org, indexes, variant in data.get("mirrors", ()):
            mirror(ctx, plan, org, list(indexes), variant)
        mine = [_spec(ctx, staff, plan, c) for c in data["consultations"]]
        today += [_today(ctx, staff, plan, mine, entry) for entry in data.get("today", ())]
        plans.append(plan)
        specs += mine
    return plans, specs, today
