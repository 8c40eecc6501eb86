"""Importing persons and households (本人・世帯) from a file: a check that reports every problem
by row and column, and an import that is all or nothing.

* Each row goes through the same form as the person page (``PersonForm``): the same Japanese
  messages, 和暦 and 全角 dates, the same refusal of 個人番号.
* ``管理番号`` (the old system's key) is required; a row whose key was imported before is
  skipped, so importing the same file twice creates nothing twice.
* Rows with the same ``世帯番号`` become one household, with each one's ``続柄``.
* A row that may be a person the organization already has is reported for a person to check —
  never merged. Each new person is also checked against the other organizations (名寄せ).
"""

import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tsunagu.accounts.models import Organization, User
from tsunagu.core.kana import normalize_for_search
from tsunagu.core.models import Area
from tsunagu.imports.files import Sheet
from tsunagu.imports.models import ImportedRecord
from tsunagu.imports.tables import Problem, Table, TableError, cell_problems, read_table
from tsunagu.people.forms import PersonForm
from tsunagu.people.models import Household, HouseholdMembership, Person, Relation
from tsunagu.people.services import household_create, household_member_add, person_create
from tsunagu.privacy.services import audit_record

SOURCE_KEY = "管理番号"
HOUSEHOLD_KEY = "世帯番号"
HOUSEHOLD_NAME = "世帯名"
RELATION = "続柄"
AREA = "圏域"
# the person page's fields, by the labels people write as column names
PERSON_COLUMNS = {
    "氏": "family_name",
    "名": "given_name",
    "氏（フリガナ）": "family_name_kana",
    "名（フリガナ）": "given_name_kana",
    "生年月日": "birth_date",
    "死亡日": "died_on",
    "性別": "sex",
    "郵便番号": "postal_code",
    "住所": "address",
    "電話番号": "phone",
    "備考": "notes",
}
REQUIRED = (SOURCE_KEY, "氏", "氏（フリガナ）")
KNOWN = {SOURCE_KEY, HOUSEHOLD_KEY, HOUSEHOLD_NAME, RELATION, AREA, *PERSON_COLUMNS}
RELATIONS = {label: value for value, label in Relation.choices}
COLUMNS = (SOURCE_KEY, *PERSON_COLUMNS, AREA, HOUSEHOLD_KEY, HOUSEHOLD_NAME, RELATION)


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    skipped: int = 0  # imported before (same 管理番号), and for resources unchanged
    updated: int = 0  # resources imported before whose values changed
    households: int = 0
    problems: list[Problem] = field(default_factory=list)
    possible_duplicates: list[Problem] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Row:
    number: int
    source_key: str
    values: dict
    household_key: str
    household_name: str
    relation: str


def read_into(outcome: Outcome, data: bytes, filename: str) -> Table | None:
    """The file's table, or None with the problem recorded on ``outcome``."""
    try:
        table = read_table(data, filename)
    except TableError as error:
        outcome.problems.append(error.problem)
        return None
    outcome.rows = len(table.rows)
    return table


def normalized_columns(
    table: Table, known: dict | set, required: tuple, outcome: Outcome
) -> dict[str, str]:
    """Each header to its canonical column name; unknown and missing columns are problems of
    row 1 (the header)."""
    canonical = {"".join(unicodedata.normalize("NFKC", k).split()): k for k in known}
    columns = {h: canonical.get(h) for h in table.header}
    for header, name in columns.items():
        if name is None:
            outcome.problems.append(
                Problem(1, header, "取り込めない列です。列名を確かめてください（列の見本を参照）。")
            )
    present = set(columns.values())
    for column in required:
        if column not in present:
            outcome.problems.append(Problem(1, column, "必須の列がありません。"))
    return columns


def rows_of(
    outcome: Outcome, data: bytes, filename: str, known: dict | set, required: tuple
) -> list[tuple[int, dict[str, str]]] | None:
    """The file's rows, each as its row number and its values by canonical column, after the
    checks every import makes (the file, its columns, each cell); None when the file or its
    columns are wrong, with the problems recorded on ``outcome``."""
    table = read_into(outcome, data, filename)
    if table is None:
        return None
    columns = normalized_columns(table, known, required, outcome)
    if outcome.problems:
        return None
    outcome.problems += cell_problems(table)
    return [
        (int(raw["_row"]), {columns[h]: raw.get(h, "") for h in table.header}) for raw in table.rows
    ]


def values_by_label(choices, *, stored_too: bool = False) -> dict[str, str]:
    """Label → stored value of a ``TextChoices``, as a ledger writes its choices (「電話」); with
    ``stored_too``, the stored value is accepted as well (``phone``, as the API writes it)."""
    found = {label: value for value, label in choices.choices}
    if stored_too:
        found.update({value: value for value in choices.values})
    return found


def source_key_problem(seen: dict[str, int], number: int, key: str) -> Problem | None:
    """The 管理番号 is required and appears once in a file; ``seen`` remembers the rows."""
    if not key:
        return Problem(number, SOURCE_KEY, "管理番号を入力してください。")
    if key in seen:
        return Problem(number, SOURCE_KEY, f"同じ管理番号が{seen[key]}行目にもあります。")
    seen[key] = number
    return None


def _validate(rows_in: list[tuple[int, dict[str, str]]], outcome: Outcome) -> list[_Row]:
    areas = {a.name: a.pk for a in Area.objects.all()}
    seen: dict[str, int] = {}
    rows = []
    for number, value in rows_in:
        key = value.get(SOURCE_KEY, "")
        if problem := source_key_problem(seen, number, key):
            outcome.problems.append(problem)
        data = {name: value.get(label, "") for label, name in PERSON_COLUMNS.items()}
        area = value.get(AREA, "")
        if area and area not in areas:
            outcome.problems.append(Problem(number, AREA, f"圏域「{area}」はありません。"))
        data["area"] = areas.get(area, "")
        form = PersonForm(data)
        if not form.is_valid():
            labels = {name: label for label, name in PERSON_COLUMNS.items()}
            for name, errors in form.errors.items():
                for error in errors:
                    outcome.problems.append(Problem(number, labels.get(name, ""), error))
            continue
        relation_label = value.get(RELATION, "")
        household_key = value.get(HOUSEHOLD_KEY, "")
        if relation_label and relation_label not in RELATIONS:
            outcome.problems.append(
                Problem(number, RELATION, f"続柄は {'、'.join(RELATIONS)} のどれかです。")
            )
            continue
        rows.append(
            _Row(
                number=number,
                source_key=key,
                values=form.cleaned_data,
                household_key=household_key,
                household_name=value.get(HOUSEHOLD_NAME, ""),
                relation=RELATIONS.get(relation_label, Relation.HEAD if household_key else ""),
            )
        )
    return rows


def _possible_duplicates(rows: list[_Row], organization: Organization) -> list[Problem]:
    """Rows whose name (or kana) and birth date match a person the organization has."""
    found = []
    for row in rows:
        birth = row.values.get("birth_date")
        if not birth:
            continue
        name = normalize_for_search(f"{row.values['family_name']}{row.values['given_name']}")
        kana = normalize_for_search(
            f"{row.values['family_name_kana']}{row.values['given_name_kana']}"
        )
        same = Person.objects.filter(organization=organization, birth_date=birth).filter(
            Q(name_key=name) | Q(kana_key=kana)
        )
        if same.exists():
            found.append(
                Problem(
                    row.number,
                    SOURCE_KEY,
                    "登録済みの本人と同じ氏名・生年月日です。同一人物かもしれません"
                    "（取り込みは別の記録として行います。取り込み後に確認してください）。",
                )
            )
    return found


def import_persons(
    *, data: bytes, filename: str, organization: Organization, user: User, commit: bool
) -> Outcome:
    """Check (``commit=False``) or import a file of persons; all or nothing."""
    outcome = Outcome()
    rows_in = rows_of(outcome, data, filename, KNOWN, REQUIRED)
    if rows_in is None:
        return outcome
    rows = _validate(rows_in, outcome)
    if outcome.problems:
        return outcome
    imported = set(
        ImportedRecord.objects.filter(
            organization=organization, kind="person", source_key__in=[r.source_key for r in rows]
        ).values_list("source_key", flat=True)
    )
    new = [r for r in rows if r.source_key not in imported]
    outcome.skipped = len(rows) - len(new)
    outcome.possible_duplicates = _possible_duplicates(new, organization)
    if not commit:
        outcome.created = len(new)
        outcome.households = len({r.household_key for r in new if r.household_key})
        return outcome
    with transaction.atomic():
        households: dict[str, int] = {}
        for row in new:
            person = person_create(organization=organization, created_by=user, **row.values)
            ImportedRecord.objects.create(
                organization=organization,
                kind="person",
                source_key=row.source_key,
                object_id=person.pk,
            )
            if row.household_key:
                household = _household(row, person, organization, user, households)
                household_member_add(
                    household=household,
                    person=person,
                    relation=row.relation,
                    started_on=timezone.localdate(),
                    added_by=user,
                )
        outcome.created = len(new)
        outcome.households = len(households)
        audit_record(
            actor=user,
            action="imports.persons.imported",
            data={"rows": outcome.rows, "created": outcome.created, "skipped": outcome.skipped},
        )
    outcome.committed = True
    return outcome


def _household(
    row: _Row, person: Person, organization: Organization, user: User, created: dict
) -> Household:
    if row.household_key in created:
        return Household.objects.get(pk=created[row.household_key])
    known = ImportedRecord.objects.filter(
        organization=organization, kind="household", source_key=row.household_key
    ).first()
    if known is not None:
        created[row.household_key] = known.object_id
        return Household.objects.get(pk=known.object_id)
    household = household_create(
        organization=organization,
        created_by=user,
        name=row.household_name or f"{person.family_name}世帯",
        address=person.address,
        area=person.area,
    )
    ImportedRecord.objects.create(
        organization=organization,
        kind="household",
        source_key=row.household_key,
        object_id=household.pk,
    )
    created[row.household_key] = household.pk
    return household


# the column sample offered for download on the import page
TEMPLATE = Sheet(
    "本人・世帯",
    list(COLUMNS),
    [
        [
            "A-0001",
            "山田",
            "花子",
            "ヤマダ",
            "ハナコ",
            "昭和22年3月3日",
            "",
            "女性",
            "",
            "みどり市本町1-2-3",
            "049-200-1234",
            "",
            "",
            "H-001",
            "",
            "世帯主",
        ]
    ],
)


def persons_sheet(*, organization: Organization, user: User, audited: bool = True) -> Sheet:
    """Every person and household membership of the organization in the import's own format,
    for moving to another system (or back): importing the file into an empty installation
    gives the same persons and households. The 管理番号 is the original one where the person
    was imported, else ``P`` and the record's number. Audited as an export of those persons."""
    persons = list(
        Person.objects.filter(organization=organization).select_related("area").order_by("pk")
    )
    keys = source_keys(organization, "person")
    household_keys = source_keys(organization, "household")
    memberships = {
        m.person_id: m
        for m in HouseholdMembership.objects.filter(
            household__organization=organization, ended_on__isnull=True
        ).select_related("household")
    }
    relation_labels = dict(Relation.choices)
    rows = []
    for person in persons:
        membership = memberships.get(person.pk)
        household = membership.household if membership else None
        rows.append(
            [
                keys.get(person.pk, f"P{person.pk}"),
                *(getattr(person, name) for name in PERSON_COLUMNS.values()),
                person.area.name if person.area else "",
                (household_keys.get(household.pk, f"H{household.pk}") if household else ""),
                household.name if household else "",
                relation_labels.get(membership.relation, "") if membership else "",
            ]
        )
    if audited:
        audit_record(
            actor=user,
            action="people.person.exported",
            data={"ids": [p.pk for p in persons], "format": "import"},
        )
    return Sheet("本人・世帯", list(COLUMNS), rows)


def source_keys(organization: Organization, kind: str) -> dict[int, str]:
    """Record id → the 管理番号 it was imported with."""
    return dict(
        ImportedRecord.objects.filter(organization=organization, kind=kind).values_list(
            "object_id", "source_key"
        )
    )
