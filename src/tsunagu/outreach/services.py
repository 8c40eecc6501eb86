"""Writes for outreach. Each writes its audit entry in the same transaction as the change."""

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Organization, Program, Role, User
from tsunagu.community.models import Actor
from tsunagu.consultations.models import Consultation, Disposition
from tsunagu.consultations.services import consultation_create
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.core.versioning import save_versioned
from tsunagu.notifications.services import notify
from tsunagu.outreach.models import (
    OUTCOME_STAGE,
    STAGE_ORDER,
    ContactAttempt,
    Handover,
    OutreachCase,
    Report,
    Stage,
    StageChange,
)
from tsunagu.people.models import HouseholdMembership, Person
from tsunagu.people.services import person_create
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record

CASE_FIELDS = (
    "label",
    "address",
    "area",
    "description",
    "interval_days",
    "assigned_to",
    "family_support",
)


def does_outreach(organization: Organization | None) -> bool:
    """Organizations that carry out アウトリーチ等継続支援 keep outreach cases."""
    return organization is not None and Program.OUTREACH in organization.programs


def _require_outreach(user: User) -> None:
    if not user.keeps_records or not does_outreach(user.organization):
        raise InvalidTransition(
            "アウトリーチの記録は、アウトリーチ等継続支援を実施する機関の職員が行います。"
        )


def _require_own(case: OutreachCase, user: User) -> None:
    _require_outreach(user)
    if case.organization_id != user.organization_id:
        raise InvalidTransition("他機関のアウトリーチの記録は変更できません。")


def _require_open(case: OutreachCase) -> None:
    if case.merged_into_id is not None:
        raise InvalidTransition("この記録は別の記録に統合されました。統合先で記録してください。")
    if case.stage == Stage.CONNECTED:
        raise InvalidTransition("支援につながった記録です。引き継ぎ先で支援を続けてください。")


def _audit(user: User, action: str, case: OutreachCase, **data: Any) -> None:
    audit_record(
        actor=user,
        action=action,
        subject=case,
        person_id=case.person_id,
        grant=Grant.OWN_ORGANIZATION,
        data=data,
    )


def _move(case: OutreachCase, to: str, *, by: User, on: date, reason: str) -> None:
    """Record a stage change (no change when already there)."""
    if case.stage == to:
        return
    StageChange.objects.create(
        outreach_case=case,
        from_stage=case.stage,
        to_stage=to,
        reason=reason,
        changed_on=on,
        changed_by=by,
    )
    case.stage = to


# --- reports (情報提供) -------------------------------------------------------------------------


@transaction.atomic
def report_receive(
    *,
    received_by: User,
    entry_point: str,
    reporter: str,
    about: str,
    noticed: str,
    received_on: date,
    urgency: str = "medium",
    address: str = "",
    area: Any = None,
    reporter_organization: Organization | None = None,
    outreach_case: OutreachCase | None = None,
) -> Report:
    """The outreach organization records a report it received (by phone, at a meeting …). It
    opens a new outreach case, or joins ``outreach_case`` when it is about someone already
    being reached."""
    _require_outreach(received_by)
    if outreach_case is None:
        outreach_case = OutreachCase.objects.create(
            organization=received_by.organization,
            label=about,
            address=address,
            area=area,
            opened_on=received_on,
            assigned_to=received_by,
            created_by=received_by,
        )
        _audit(received_by, "outreach.case.opened", outreach_case)
    else:
        _require_own(outreach_case, received_by)
        _require_open(outreach_case)
    report = Report.objects.create(
        organization=received_by.organization,
        outreach_case=outreach_case,
        entry_point=entry_point,
        reporter=reporter,
        reporter_organization=reporter_organization,
        about=about,
        address=address,
        noticed=noticed,
        urgency=urgency,
        received_on=received_on,
        received_by=received_by,
    )
    _audit(received_by, "outreach.report.received", outreach_case, report_id=report.pk)
    return report


@transaction.atomic
def report_send(
    *,
    sent_by: User,
    organization: Organization,
    entry_point: str,
    about: str,
    noticed: str,
    urgency: str = "medium",
    address: str = "",
    noticed_by: Actor | None = None,
) -> Report:
    """A staff member of any organization tells an outreach organization about someone they
    — or a community actor (気づき: a 民生委員, a shop, a 自治会) — noticed. The report waits in
    that organization's inbox; the sender hears that it was received, and nothing of what
    follows; the actor hears nothing back through the app at all."""
    if not sent_by.keeps_records:
        raise InvalidTransition("情報提供は、記録を扱う職員が送ります。")
    if not does_outreach(organization):
        raise InvalidTransition(f"{organization}はアウトリーチ等継続支援を実施していません。")
    report = Report.objects.create(
        organization=organization,
        entry_point=entry_point,
        reporter=(
            f"{noticed_by}（{sent_by.organization} の {sent_by} が届けた）"
            if noticed_by
            else f"{sent_by.organization}（{sent_by}）"
        ),
        reporter_organization=sent_by.organization,
        reported_by=sent_by,
        about=about,
        address=address,
        noticed=noticed,
        urgency=urgency,
        received_on=timezone.localdate(),
    )
    audit_record(
        actor=sent_by,
        action="outreach.report.sent",
        subject=report,
        data={
            "organization_id": organization.pk,
            "noticed_by": noticed_by.pk if noticed_by else None,
        },
    )
    inbox = reverse("outreach:inbox")
    for user in organization.staff.filter(is_active=True, role=Role.OUTREACH):
        notify(
            user=user,
            text="アウトリーチの情報提供が届きました",
            url=inbox,
            key=f"outreach-report-{report.pk}",
        )
    return report


@transaction.atomic
def report_accept(
    *, report: Report, accepted_by: User, outreach_case: OutreachCase | None = None
) -> OutreachCase:
    """Take a report from the inbox: open a new outreach case for it, or join an existing one."""
    _require_outreach(accepted_by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.organization_id != accepted_by.organization_id:
        raise InvalidTransition("自機関に届いた情報提供だけを受け付けられます。")
    if report.outreach_case_id is not None:
        raise InvalidTransition("この情報提供はすでに受け付けられています。")
    if outreach_case is None:
        outreach_case = OutreachCase.objects.create(
            organization=accepted_by.organization,
            label=report.about,
            address=report.address,
            opened_on=report.received_on,
            assigned_to=accepted_by,
            created_by=accepted_by,
        )
        _audit(accepted_by, "outreach.case.opened", outreach_case)
    else:
        _require_own(outreach_case, accepted_by)
        _require_open(outreach_case)
    report.outreach_case = outreach_case
    report.received_by = accepted_by
    report.save(update_fields=["outreach_case", "received_by", "updated_at"])
    _audit(accepted_by, "outreach.report.accepted", outreach_case, report_id=report.pk)
    return outreach_case


# --- the case -------------------------------------------------------------------------------


def _save(case: OutreachCase, expected_version: int, fields: list[str]) -> None:
    """Save ``fields`` unless someone saved the case since ``expected_version``."""
    save_versioned(case, expected_version, **{name: getattr(case, name) for name in fields})


@transaction.atomic
def case_update(
    *, case: OutreachCase, updated_by: User, expected_version: int, **fields: Any
) -> OutreachCase:
    """Edit what is known of the person, the planned contact interval, the staff in charge and
    the family support."""
    _require_own(case, updated_by)
    assignee = fields.get("assigned_to")
    if assignee is not None and assignee.organization_id != case.organization_id:
        raise InvalidTransition("担当職員は自機関の職員から選んでください。")
    changed = sorted(k for k in CASE_FIELDS if k in fields and getattr(case, k) != fields[k])
    for name in CASE_FIELDS:
        if name in fields:
            setattr(case, name, fields[name])
    _save(case, expected_version, list(CASE_FIELDS))
    _audit(updated_by, "outreach.case.updated", case, fields=changed)
    return case


@transaction.atomic
def attempt_record(
    *,
    case: OutreachCase,
    staff: User,
    expected_version: int,
    occurred_on: date,
    method: str,
    outcome: str,
    content: str,
    next_step: str = "",
) -> ContactAttempt:
    """Record a contact attempt. It counts as the latest contact, and what came of it moves the
    engagement forward (never back): a word through the door is an indirect contact, meeting the
    person is 本人と対面."""
    _require_own(case, staff)
    _require_open(case)
    if occurred_on > timezone.localdate():
        raise InvalidTransition("未来の日付の接触は記録できません。")
    attempt = ContactAttempt.objects.create(
        outreach_case=case,
        occurred_on=occurred_on,
        method=method,
        outcome=outcome,
        content=content,
        next_step=next_step,
        staff=staff,
    )
    if case.last_contact_on is None or occurred_on > case.last_contact_on:
        case.last_contact_on = occurred_on
    reached = OUTCOME_STAGE.get(outcome)
    if outcome == "met" and (case.first_met_on is None or occurred_on < case.first_met_on):
        case.first_met_on = occurred_on
    if (
        reached is not None
        and case.stage in STAGE_ORDER
        and STAGE_ORDER.index(reached) > STAGE_ORDER.index(case.stage)
    ):
        _move(
            case,
            reached,
            by=staff,
            on=occurred_on,
            reason=f"接触の記録（{attempt.get_outcome_display()}）",
        )
    _save(case, expected_version, ["last_contact_on", "first_met_on", "stage"])
    _audit(staff, "outreach.attempt.recorded", case, attempt_id=attempt.pk, stage=case.stage)
    return attempt


@transaction.atomic
def stage_set(
    *, case: OutreachCase, changed_by: User, expected_version: int, to_stage: str, reason: str
) -> OutreachCase:
    """Move the engagement by hand, with the reason: e.g. 中断 after a move away, or back to
    未接触 when the person stopped answering. 支援につながった comes with a handover."""
    _require_own(case, changed_by)
    _require_open(case)
    if to_stage == Stage.CONNECTED:
        raise InvalidTransition(
            "「支援につながった」は、引き継ぎ（相談として受け付ける）で記録します。"
        )
    if to_stage not in Stage.values or to_stage == case.stage:
        raise InvalidTransition("今と違う段階を選んでください。")
    if not reason.strip():
        raise InvalidTransition("段階を変える理由を入力してください。")
    before = case.stage
    _move(case, to_stage, by=changed_by, on=timezone.localdate(), reason=reason.strip())
    _save(case, expected_version, ["stage"])
    _audit(changed_by, "outreach.stage.changed", case, stage=to_stage, previous=before)
    return case


@transaction.atomic
def person_link(
    *,
    case: OutreachCase,
    linked_by: User,
    expected_version: int,
    person: Person | None = None,
    new_person: dict[str, Any] | None = None,
) -> OutreachCase:
    """Link a case known only in part to the person's record, once it is known who they are:
    an existing record of the organization, or one registered here (``new_person``) in the
    same transaction, so a refused link leaves no record behind.

    When the organization already reaches the same person under another case, the two are
    merged into the older one: reports, contacts, stage history, what is known, the family
    support and any handover are kept, none lost. Returns the case that now holds the history.
    """
    _require_own(case, linked_by)
    case = OutreachCase.objects.select_for_update().get(pk=case.pk)
    if case.version != expected_version:
        raise ConcurrentEditError
    if case.merged_into_id is not None:
        raise InvalidTransition("この記録は別の記録に統合されました。")
    if person is not None and person.organization_id != case.organization_id:
        raise InvalidTransition("本人の記録は自機関で登録した人から選んでください。")
    if case.person_id is not None and (person is None or case.person_id != person.pk):
        raise InvalidTransition("この記録はすでに別の本人と結びついています。")
    if person is None:
        person = person_create(
            organization=linked_by.organization, created_by=linked_by, **(new_person or {})
        )
    membership = HouseholdMembership.objects.filter(person=person, ended_on=None).first()
    household_id = membership.household_id if membership else None
    other = (
        OutreachCase.objects.select_for_update()
        .filter(organization_id=case.organization_id, person=person, merged_into=None)
        .exclude(pk=case.pk)
        .order_by("opened_on", "id")
        .first()
    )
    if other is None:
        case.person, case.household_id = person, household_id
        _save(case, expected_version, ["person", "household"])
        _audit(linked_by, "outreach.case.linked", case)
        return case
    keeper, merged = (other, case) if other.opened_on <= case.opened_on else (case, other)
    for model in (Report, ContactAttempt, StageChange):
        model.objects.filter(outreach_case=merged).update(outreach_case=keeper)
    _merge_into(keeper, merged, by=linked_by)
    keeper.person, keeper.household_id = person, household_id
    _save(keeper, keeper.version, [*MERGED_FIELDS, "person", "household"])
    merged.merged_into, merged.person = keeper, person
    _save(merged, merged.version, ["merged_into", "person"])
    _audit(linked_by, "outreach.case.merged", keeper, merged_id=merged.pk)
    return keeper


MERGED_FIELDS = [
    "description",
    "family_support",
    "address",
    "area",
    "assigned_to",
    "interval_days",
    "last_contact_on",
    "first_met_on",
    "opened_on",
    "stage",
    "handover",
    "handed_over_at",
    "consultation",
]


def _merge_into(keeper: OutreachCase, merged: OutreachCase, *, by: User) -> None:
    """Fold what ``merged`` knows into ``keeper`` (in memory; the caller saves)."""
    for name in ("description", "family_support"):
        texts = [t for t in (getattr(keeper, name), getattr(merged, name)) if t]
        setattr(keeper, name, "\n".join(dict.fromkeys(texts)))
    for name in ("address", "area", "assigned_to"):
        if not getattr(keeper, name) and getattr(merged, name):
            setattr(keeper, name, getattr(merged, name))
    keeper.interval_days = min(keeper.interval_days, merged.interval_days)
    keeper.opened_on = min(keeper.opened_on, merged.opened_on)
    contacts = [d for d in (keeper.last_contact_on, merged.last_contact_on) if d]
    keeper.last_contact_on = max(contacts) if contacts else None
    met = [d for d in (keeper.first_met_on, merged.first_met_on) if d]
    keeper.first_met_on = min(met) if met else None
    if not keeper.handover and merged.handover:
        keeper.handover = merged.handover
        keeper.handed_over_at = merged.handed_over_at
        keeper.consultation = merged.consultation
    further = max(keeper.stage, merged.stage, key=_progress)
    _move(keeper, further, by=by, on=timezone.localdate(), reason="同じ本人の記録を統合")


def _progress(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1


HANDOVER_BY_DISPOSITION = {
    Disposition.CONTINUE: Handover.CONSULTATION,
    Disposition.INFORMATION: Handover.CONSULTATION,
    Disposition.COORDINATION: Handover.CASE,
}


@transaction.atomic
def handover(
    *, case: OutreachCase, handed_over_by: User, expected_version: int, **intake: Any
) -> Consultation:
    """The person took up support: receive their consultation (相談受付, in the same transaction)
    and hand the case over where its disposition says — 相談支援で継続, 多機関協働へ, or a
    referral to a 参加支援 organization. The outreach history stays on the person's timeline.
    ``intake`` is what ``consultation_create`` takes."""
    _require_own(case, handed_over_by)
    _require_open(case)
    if case.person_id is None:
        raise InvalidTransition("引き継ぐ前に、本人の記録と結びつけてください。")
    consultation, _ = consultation_create(
        organization=handed_over_by.organization,
        received_by=handed_over_by,
        person=case.person,
        **intake,
    )
    refer_to = intake.get("refer_to")
    if consultation.disposition == Disposition.REFER and does_participation(refer_to):
        kind = Handover.PARTICIPATION
    else:
        kind = HANDOVER_BY_DISPOSITION.get(consultation.disposition, Handover.CONSULTATION)
    _move(
        case,
        Stage.CONNECTED,
        by=handed_over_by,
        on=timezone.localdate(),
        reason=f"{Handover(kind).label}へ引き継ぎ",
    )
    case.handover = kind
    case.handed_over_at = timezone.now()
    case.consultation = consultation
    _save(case, expected_version, ["stage", "handover", "handed_over_at", "consultation"])
    _audit(
        handed_over_by,
        "outreach.case.handed_over",
        case,
        handover=kind,
        consultation_id=consultation.pk,
    )
    return consultation


def does_participation(organization: Organization | None) -> bool:
    return organization is not None and Program.PARTICIPATION in organization.programs
