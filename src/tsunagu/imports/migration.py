"""移行用データ一式: everything an organization keeps in tsunagu, in files, so that it can move to
another system (or start again) without lock-in.

The bundle holds:

* the persons and households, the consultations and the social resources **in the imports'
  own formats** — a new installation takes them back with the import pages (the round trip is
  tested);
* every other record the organization keeps — 支援経過記録, つなぎ it sent, 事例 and their
  アセスメント, 支援プラン and 取り組み, 会議 and 議題, アウトリーチ, 参加支援 — as one table
  each, with the columns' Japanese names, choices by their labels and other records by their
  number.

Only the organization's **own** records are in it. What another organization shared with it
(a referral it received under the person's consent, a case it joined) stays with the one who
keeps it: the consent covered the support, not a copy for a migration. The whole bundle is one
export in the audit trail, with every person it names.
"""

import io
import json
import zipfile
from dataclasses import dataclass

from django.db import models, transaction

from tsunagu.accounts.models import Organization, User
from tsunagu.cases.models import Assessment, Case, Evaluation, Plan, PlanAction, Transition
from tsunagu.consents.models import Consent
from tsunagu.consultations.models import Activity, Referral
from tsunagu.imports import consultations, resources, services
from tsunagu.imports.files import Sheet, csv_bytes, xlsx_bytes
from tsunagu.meetings.models import AgendaItem, Meeting
from tsunagu.outreach.models import ContactAttempt, OutreachCase, Report, StageChange
from tsunagu.participation.models import FollowUpRecord, Placement, PlacementChange, Profile
from tsunagu.people.models import Person
from tsunagu.privacy.services import audit_record


@dataclass(frozen=True)
class Records:
    """One table of the bundle: a model and the path from it to the organization that keeps
    it."""

    model: type[models.Model]
    organization: str
    exclude: tuple[str, ...] = ()


RECORDS = (
    Records(Activity, "organization"),
    Records(Referral, "from_organization"),
    Records(Consent, "organization", exclude=("evidence",)),
    Records(Case, "organization"),
    Records(Transition, "case__organization"),
    Records(Assessment, "case__organization"),
    Records(Plan, "case__organization"),
    Records(PlanAction, "plan__case__organization"),
    Records(Evaluation, "case__organization"),
    Records(Meeting, "organization"),
    Records(AgendaItem, "organization"),  # the items it put on an agenda, not others' items
    Records(OutreachCase, "organization"),
    Records(Report, "organization"),
    Records(ContactAttempt, "outreach_case__organization"),
    Records(StageChange, "outreach_case__organization"),
    Records(Profile, "organization"),
    Records(Placement, "organization"),
    Records(PlacementChange, "placement__organization"),
    Records(FollowUpRecord, "placement__organization"),
)


def _fields(records: Records) -> list[models.Field]:
    return [
        f
        for f in records.model._meta.concrete_fields
        if f.name not in records.exclude and f.name != "version"
    ]


def _header(field: models.Field) -> str:
    name = str(field.verbose_name)
    if field.name == "id":
        return "番号"
    return f"{name}（番号）" if field.is_relation else name


def _value(record: models.Model, field: models.Field):
    if field.is_relation:
        return getattr(record, field.attname)
    value = getattr(record, field.name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def records_sheet(records: Records, organization: Organization) -> tuple[Sheet, set[int]]:
    """The table of one kind of record, and the persons it names."""
    fields = _fields(records)
    found = records.model._default_manager.filter(**{records.organization: organization})
    rows, persons = [], set()
    for record in found.order_by("pk").iterator(chunk_size=2000):
        rows.append([_value(record, f) for f in fields])
        person_id = getattr(record, "person_id", None)
        if person_id:
            persons.add(person_id)
    name = str(records.model._meta.verbose_name)
    return Sheet(name, [_header(f) for f in fields], rows), persons


@transaction.atomic
def bundle(*, organization: Organization, user: User, fmt: str, reason: str) -> bytes:
    """The whole bundle: a zip of CSV files, or one xlsx workbook with a sheet each."""
    sheets = [
        services.persons_sheet(organization=organization, user=user, audited=False),
        consultations.consultations_sheet(organization=organization, user=user, audited=False),
        resources.resources_sheet(organization=organization),
    ]
    persons: set[int] = set()
    counts = {sheet.name: len(sheet.rows) for sheet in sheets}
    for records in RECORDS:
        sheet, named = records_sheet(records, organization)
        sheets.append(sheet)
        persons |= named
        counts[sheet.name] = len(sheet.rows)
    persons |= set(Person.objects.filter(organization=organization).values_list("pk", flat=True))
    audit_record(
        actor=user,
        action="imports.bundle.exported",
        data={
            "format": fmt,
            "reason": reason,
            "counts": counts,
            "person_ids": sorted(persons),
        },
    )
    if fmt == "xlsx":
        return xlsx_bytes(sheets)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, sheet in enumerate(sheets, start=1):
            archive.writestr(f"{number:02d}_{sheet.name}.csv", csv_bytes(sheet))
        archive.writestr("README.txt", _readme(sheets))
    return out.getvalue()


def _readme(sheets: list[Sheet]) -> str:
    lines = [
        "tsunagu 移行用データ一式",
        "",
        "01〜03 は一括取り込みと同じ形式です（本人・世帯 → 相談 → 社会資源 の順に取り込めます）。",
        "04 以降は記録の一覧です。「（番号）」の列は、ほかの表の「番号」を指します。",
        "文字コードは UTF-8（BOM 付き）です。数式として実行されうる値は先頭に ' を付けています。",
        "",
    ]
    lines += [f"{n:02d}_{s.name}.csv: {len(s.rows)}件" for n, s in enumerate(sheets, start=1)]
    return "\r\n".join(lines) + "\r\n"
