"""Importing the social resource directory (社会資源) from a ledger, CSV or xlsx: the same rules
as the other imports — a check by row and column in Japanese, an import that is all or nothing.

* Each row goes through the resource page's form (``ResourceForm``): the same messages and the
  same refusal of 個人番号. Lists (種類, 配慮, 曜日, 時間帯) are written by their labels,
  separated by 「、」 or 「・」 (e.g. 「就労体験、居場所」「月・水・金」).
* ``管理番号`` is the ledger's key. A resource is a directory entry the organization keeps up to
  date, not a person: importing the file again **updates** the resources it imported before
  (only those whose values changed), and creates the new ones. Nothing is created twice.
* A row whose name and host match a resource already in the directory is reported for a person
  to check, never merged.

The export writes the organization's resources in this same format, so the directory moves to
another installation (or back) unchanged.
"""

import re

from django.db import transaction

from tsunagu.accounts.models import Organization, User
from tsunagu.core.kana import normalize_for_search
from tsunagu.core.models import Area
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
from tsunagu.participation.forms import ResourceForm
from tsunagu.participation.models import Resource, ResourceStatus
from tsunagu.participation.services import resource_create, resource_update
from tsunagu.participation.vocabulary import Accommodation, Category, HostType, TimeSlot, Weekday
from tsunagu.privacy.services import audit_record

SOURCE_KEY = "管理番号"
KIND = "resource"
# column label → the form's field, in the order the template and the export write them
COLUMNS = {
    SOURCE_KEY: "",
    "名称": "name",
    "受け入れ先": "host_name",
    "受け入れ先の種類": "host_type",
    "内容": "description",
    "種類": "categories",
    "配慮": "accommodations",
    "キーワード": "keywords",
    "圏域": "area",
    "所在地": "address",
    "曜日": "days",
    "時間帯": "time_slots",
    "日時の補足": "schedule_note",
    "対象": "eligibility",
    "受け入れ人数": "capacity",
    "連絡先の担当者": "contact_name",
    "電話番号": "phone",
    "メールアドレス": "email",
    "ウェブサイト": "url",
    "状況": "status",
}
REQUIRED = (SOURCE_KEY, "名称", "受け入れ先", "受け入れ先の種類", "種類")
CHOICES = {"host_type": HostType, "status": ResourceStatus}
LISTS = {
    "categories": Category,
    "accommodations": Accommodation,
    "days": Weekday,
    "time_slots": TimeSlot,
}
_LIST = re.compile(r"[、,;；／/\s]+")


def _label_of(field: str) -> str:
    return next(label for label, name in COLUMNS.items() if name == field)


def _words(text: str, known: dict[str, str]) -> list[str]:
    """The words of a list cell. 「・」 separates too (「月・水」), except inside a label that has
    one (「ものづくり・創作」)."""
    words = []
    for word in (w for w in _LIST.split(text) if w):
        parts = word.split("・")
        words += parts if word not in known and all(p in known for p in parts) else [word]
    return words


def _form_data(value: dict, number: int, areas: dict) -> tuple[dict, list[Problem]]:
    """The row as the resource form's data, and the problems of the words it could not read."""
    problems = []
    data = {name: value.get(label, "") for label, name in COLUMNS.items() if name}
    for name, choices in CHOICES.items():
        text = data[name]
        if not text and name == "status":
            data[name] = ResourceStatus.ACTIVE
        elif text:
            known = values_by_label(choices, stored_too=True)
            if text not in known:
                labels = "、".join(label for _, label in choices.choices)
                problems.append(Problem(number, _label_of(name), f"{labels} のどれかです。"))
            data[name] = known.get(text, "")
    for name, choices in LISTS.items():
        known = values_by_label(choices, stored_too=True)
        words = _words(data[name], known)
        unknown = [w for w in words if w not in known]
        if unknown:
            labels = "、".join(label for _, label in choices.choices)
            problems.append(
                Problem(
                    number,
                    _label_of(name),
                    f"「{'」「'.join(unknown)}」は使えません"
                    f"（{labels} から選び、「、」で区切ります）。",
                )
            )
        data[name] = [known[w] for w in words if w in known]
    area = data["area"]
    if area and area not in areas:
        problems.append(Problem(number, "圏域", f"圏域「{area}」はありません。"))
    data["area"] = areas.get(area, "")
    data["capacity"] = data["capacity"] or "1"
    return data, problems


def import_resources(
    *, data: bytes, filename: str, organization: Organization, user: User, commit: bool
) -> Outcome:
    """Check (``commit=False``) or import a file of resources; all or nothing."""
    outcome = Outcome()
    rows_in = rows_of(outcome, data, filename, COLUMNS, REQUIRED)
    if rows_in is None:
        return outcome
    areas = {a.name: a.pk for a in Area.objects.all()}
    seen: dict[str, int] = {}
    rows: list[tuple[int, str, dict]] = []
    for number, value in rows_in:
        key = value.get(SOURCE_KEY, "")
        if problem := source_key_problem(seen, number, key):
            outcome.problems.append(problem)
        form_data, problems = _form_data(value, number, areas)
        form = ResourceForm(form_data)
        if not form.is_valid():
            for name, errors in form.errors.items():
                if any(p.column == _label_of(name) for p in problems):
                    continue  # the word was already named
                column = _label_of(name) if name in COLUMNS.values() else ""
                problems += [Problem(number, column, error) for error in errors]
        outcome.problems += problems
        if not problems and key:
            rows.append((number, key, form.cleaned_data))
    if outcome.problems:
        return outcome
    imported = dict(
        ImportedRecord.objects.filter(
            organization=organization, kind=KIND, source_key__in=[k for _, k, _ in rows]
        ).values_list("source_key", "object_id")
    )
    existing = Resource.objects.in_bulk(imported.values())
    changes = []
    for number, key, fields in rows:
        resource = existing.get(imported.get(key))
        if resource is None:
            changes.append((number, key, None, fields))
        elif any(getattr(resource, name) != fields[name] for name in fields):
            changes.append((number, key, resource, fields))
        else:
            outcome.skipped += 1
    outcome.created = sum(1 for _, _, resource, _ in changes if resource is None)
    outcome.updated = len(changes) - outcome.created
    outcome.possible_duplicates = _possible_duplicates(
        [(number, fields) for number, _, resource, fields in changes if resource is None]
    )
    if not commit:
        return outcome
    with transaction.atomic():
        for _, key, resource, fields in changes:
            if resource is None:
                resource = resource_create(created_by=user, **fields)
                ImportedRecord.objects.update_or_create(
                    organization=organization,
                    kind=KIND,
                    source_key=key,
                    defaults={"object_id": resource.pk},
                )
            else:
                resource_update(
                    resource=resource,
                    updated_by=user,
                    expected_version=resource.version,
                    **fields,
                )
        audit_record(
            actor=user,
            action="imports.resources.imported",
            data={
                "rows": outcome.rows,
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.skipped,
            },
        )
    outcome.committed = True
    return outcome


def _possible_duplicates(rows: list[tuple[int, dict]]) -> list[Problem]:
    """New rows whose name and host match a resource already in the directory."""
    if not rows:
        return []
    known = {
        (normalize_for_search(name), normalize_for_search(host))
        for name, host in Resource.objects.values_list("name", "host_name")
    }
    return [
        Problem(
            number,
            "名称",
            "同じ名称・受け入れ先の社会資源がすでにあります。重複かもしれません"
            "（取り込みは別の資源として行います。取り込み後に確認してください）。",
        )
        for number, fields in rows
        if (normalize_for_search(fields["name"]), normalize_for_search(fields["host_name"]))
        in known
    ]


def _cell(resource: Resource, name: str) -> str:
    value = getattr(resource, name)
    if name in LISTS:
        return "、".join(label for v, label in LISTS[name].choices if v in value)
    if name in CHOICES:
        return dict(CHOICES[name].choices).get(value, value)
    if name == "area":
        return value.name if value else ""
    return "" if value is None else str(value)


TEMPLATE = Sheet(
    "社会資源",
    list(COLUMNS),
    [
        [
            "S-0001",
            "野菜の収穫・袋詰め体験",
            "農園みどりの丘",
            "農家",
            "季節の野菜の収穫と袋詰め。一人で黙々とできる作業です。",
            "就労体験、農作業",
            "短時間可、対人負担の少ない作業、見学可",
            "野菜、接客なし",
            "",
            "みどり市北町5-1",
            "月・水・金",
            "午前",
            "9時〜12時",
            "18歳以上",
            "2",
            "緑川",
            "049-200-5555",
            "",
            "",
            "受け入れ中",
        ]
    ],
)


def resources_sheet(*, organization: Organization) -> Sheet:
    """The resources the organization keeps in the directory, in the import's own format. The
    管理番号 is the original one where the resource was imported, else ``R`` and its number.
    Resources are not personal data, so reading them writes no audit entry."""
    resources = Resource.objects.filter(managed_by=organization).select_related("area")
    keys = source_keys(organization, KIND)
    rows = [
        [keys.get(r.pk, f"R{r.pk}"), *(_cell(r, name) for name in COLUMNS.values() if name)]
        for r in resources.order_by("pk")
    ]
    return Sheet("社会資源", list(COLUMNS), rows)
