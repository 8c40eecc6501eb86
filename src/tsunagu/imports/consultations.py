"""Importing consultations (相談受付) from a ledger, for persons already in tsunagu: each row
names its person by the 管理番号 it was imported with (or ``P`` and the record's number, as the
export writes it). The same rules as the person import: a check by row and column, an import
that is all or nothing, and a 管理番号 imported before is skipped.

Each row goes through the intake form (``ConsultationForm``). A consultation that was handed to
another organization (つなぎ) is not imported: a referral needs the person's consent and its
recipient, which a ledger does not hold; such rows are refused with a message.
"""

import re
import uuid
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from tsunagu.accounts.models import Organization, User
from tsunagu.consultations.forms import DATETIME_FORMAT, ConsultationForm
from tsunagu.consultations.models import (
    Channel,
    Consent,
    Consultation,
    Disposition,
    IssueCategory,
    Urgency,
)
from tsunagu.consultations.services import consultation_create
from tsunagu.core.wareki import WarekiError, parse_date
from tsunagu.imports.files import Sheet
from tsunagu.imports.models import ImportedRecord
from tsunagu.imports.services import (
    Outcome,
    rows_of,
    source_key_problem,
    source_keys,
    values_by_label,
)
from tsunagu.imports.tables import Problem
from tsunagu.people.models import Person
from tsunagu.privacy.services import audit_record

SOURCE_KEY = "管理番号"
PERSON_KEY = "本人の管理番号"
COLUMNS = {
    SOURCE_KEY: "",
    PERSON_KEY: "",
    "受付日": "received_at",
    "相談経路": "channel",
    "主訴": "main_concern",
    "本人の希望・思い": "wishes",
    "課題分類": "categories",
    "緊急度": "urgency",
    "関係機関との情報共有への本人同意": "consent",
    "対応": "disposition",
}
REQUIRED = (SOURCE_KEY, PERSON_KEY, "受付日", "相談経路", "主訴")
IMPORTABLE_DISPOSITIONS = (Disposition.CONTINUE, Disposition.INFORMATION)
_LIST = re.compile(r"[、,;；／/]")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def import_consultations(
    *, data: bytes, filename: str, organization: Organization, user: User, commit: bool
) -> Outcome:
    outcome = Outcome()
    rows_in = rows_of(outcome, data, filename, COLUMNS, REQUIRED)
    if rows_in is None:
        return outcome
    persons = _persons_by_key(organization)
    categories = {c.name: c.pk for c in IssueCategory.objects.filter(is_active=True)}
    labels = {
        "channel": values_by_label(Channel),
        "urgency": values_by_label(Urgency),
        "consent": values_by_label(Consent),
        "disposition": values_by_label(Disposition),
    }
    zone = ZoneInfo(settings.TIME_ZONE)
    seen: dict[str, int] = {}
    rows = []
    for number, value in rows_in:
        problems = []
        key = value.get(SOURCE_KEY, "")
        if problem := source_key_problem(seen, number, key):
            problems.append(problem)
        person = persons.get(value.get(PERSON_KEY, ""))
        if person is None:
            problems.append(
                Problem(
                    number,
                    PERSON_KEY,
                    "この管理番号の本人が、自機関の記録にありません。先に本人を取り込んでください。",
                )
            )
        form_data = {
            "submission_token": str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"tsunagu:{organization.pk}:{key}")
            ),
            "main_concern": value.get("主訴", ""),
            "wishes": value.get("本人の希望・思い", ""),
            "urgency": Urgency.MEDIUM,
            "consent": Consent.UNCONFIRMED,
            "disposition": Disposition.CONTINUE,
            "housing": "unknown",
        }
        try:
            form_data["received_at"] = _received_at(value.get("受付日", ""), zone)
        except (WarekiError, ValueError):
            problems.append(
                Problem(number, "受付日", "日付として読めません（例: 令和8年4月1日、2026/4/1）。")
            )
        for column, name in (
            ("相談経路", "channel"),
            ("緊急度", "urgency"),
            ("関係機関との情報共有への本人同意", "consent"),
            ("対応", "disposition"),
        ):
            text = value.get(column, "")
            if not text and name != "channel":
                continue
            if text not in labels[name]:
                problems.append(
                    Problem(
                        number, column, f"{'、'.join(labels[name])} のどれかを入力してください。"
                    )
                )
            else:
                form_data[name] = labels[name][text]
        if form_data["disposition"] not in IMPORTABLE_DISPOSITIONS:
            problems.append(
                Problem(
                    number,
                    "対応",
                    "つなぎ（他機関・多機関協働へ）は取り込めません。つなぎは本人の同意とともに画面から送ってください。",
                )
            )
        names = [n.strip() for n in _LIST.split(value.get("課題分類", "")) if n.strip()]
        unknown = [n for n in names if n not in categories]
        if unknown:
            problems.append(
                Problem(number, "課題分類", f"課題分類「{'」「'.join(unknown)}」はありません。")
            )
        form_data["categories"] = [categories[n] for n in names if n in categories]
        if not problems:
            form = ConsultationForm(form_data, organizations=Organization.objects.none())
            if not form.is_valid():
                for name, errors in form.errors.items():
                    column = next((c for c, n in COLUMNS.items() if n == name), "")
                    problems += [Problem(number, column, error) for error in errors]
            else:
                rows.append((key, person, form.cleaned_data))
        outcome.problems += problems
    if outcome.problems:
        return outcome
    imported = set(
        ImportedRecord.objects.filter(
            organization=organization, kind="consultation", source_key__in=[k for k, _, _ in rows]
        ).values_list("source_key", flat=True)
    )
    new = [r for r in rows if r[0] not in imported]
    outcome.skipped = len(rows) - len(new)
    outcome.created = len(new)
    if not commit:
        return outcome
    with transaction.atomic():
        for key, person, fields in new:
            fields = dict(fields)
            fields.pop("refer_to", None)
            fields.pop("referral_reason", None)
            token = fields.pop("submission_token")
            categories_ = fields.pop("categories")
            consultation, _ = consultation_create(
                organization=organization,
                received_by=user,
                submission_token=token,
                person=person,
                categories=list(categories_),
                **fields,
            )
            ImportedRecord.objects.create(
                organization=organization,
                kind="consultation",
                source_key=key,
                object_id=consultation.pk,
            )
        audit_record(
            actor=user,
            action="imports.consultations.imported",
            data={"rows": outcome.rows, "created": outcome.created, "skipped": outcome.skipped},
        )
    outcome.committed = True
    return outcome


def _received_at(text: str, zone: ZoneInfo) -> str:
    """The form's value of a 受付日: a date (和暦 or 西暦, the day's start), or a date and time
    as the export writes it (2026-04-01T10:30+09:00)."""
    if _MOMENT.match(text):
        moment = datetime.fromisoformat(text)
        moment = moment.astimezone(zone) if moment.tzinfo else moment
    else:
        moment = datetime.combine(parse_date(text), time(), tzinfo=zone)
    return moment.strftime(DATETIME_FORMAT)


def _persons_by_key(organization: Organization) -> dict[str, Person]:
    persons = {f"P{p.pk}": p for p in Person.objects.filter(organization=organization)}
    imported = ImportedRecord.objects.filter(organization=organization, kind="person")
    for source_key, object_id in imported.values_list("source_key", "object_id"):
        if f"P{object_id}" in persons:
            persons[source_key] = persons[f"P{object_id}"]
    return persons


TEMPLATE = Sheet(
    "相談",
    list(COLUMNS),
    [
        [
            "C-0001",
            "A-0001",
            "令和8年4月1日",
            "来所",
            "母の介護と家計のことで相談したい",
            "母と二人で暮らし続けたい",
            "介護、経済的困窮",
            "中",
            "同意あり",
            "自機関で継続支援",
        ]
    ],
)


def consultations_sheet(*, organization: Organization, user: User, audited: bool = True) -> Sheet:
    """The organization's consultations in the import's own format (the person by the 管理番号
    the persons' export writes), for moving to another system. A consultation handed on to
    another organization (つなぎ) is written with its 対応; the import refuses those rows, since
    a referral needs the person's consent and its recipient in the new system. Audited."""
    found = list(
        Consultation.objects.filter(organization=organization)
        .prefetch_related("categories")
        .order_by("pk")
    )
    keys = source_keys(organization, "consultation")
    person_keys = source_keys(organization, "person")
    zone = ZoneInfo(settings.TIME_ZONE)
    labels = {
        name: dict(choices.choices)
        for name, choices in (
            ("channel", Channel),
            ("urgency", Urgency),
            ("consent", Consent),
            ("disposition", Disposition),
        )
    }
    rows = [
        [
            keys.get(c.pk, f"C{c.pk}"),
            person_keys.get(c.person_id, f"P{c.person_id}"),
            c.received_at.astimezone(zone).isoformat(timespec="minutes"),  # as the form keeps it
            labels["channel"].get(c.channel, ""),
            c.main_concern,
            c.wishes,
            "、".join(cat.name for cat in sorted(c.categories.all(), key=lambda k: k.sort_order)),
            labels["urgency"].get(c.urgency, ""),
            labels["consent"].get(c.consent, ""),
            labels["disposition"].get(c.disposition, ""),
        ]
        for c in found
    ]
    if found and audited:
        audit_record(
            actor=user,
            action="consultations.consultation.exported",
            data={
                "ids": [c.pk for c in found],
                "person_ids": sorted({c.person_id for c in found}),
                "format": "import",
            },
        )
    return Sheet("相談", list(COLUMNS), rows)
