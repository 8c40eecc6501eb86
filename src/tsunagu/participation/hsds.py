"""The social resource directory in the Open Referral Human Services Data Specification (HSDS
3.1, tabular form): a ZIP with ``datapackage.json`` and one CSV per table.

How a resource maps onto HSDS:

* ``service`` — the resource (its ``id`` is the resource's ``hsds_id``): name, description,
  url, email, status (受け入れ中 ``active`` / 休止中 ``temporarily closed``), eligibility;
* ``organization``, ``location``, ``address``, ``service_at_location`` — the host and where it
  is (the address line as ``address_1``; country ``JP``);
* ``schedule`` — a weekly rule, the days as ``byday`` (``MO,WE``), the note as ``description``;
* ``phone``, ``contact`` — the telephone number, the contact person and e-mail;
* ``service_capacity`` with ``unit`` 人 — the capacity (``maximum``) and open slots
  (``available``);
* ``taxonomy``, ``taxonomy_term``, ``attribute`` — what HSDS has no column for, as terms of
  tsunagu's own taxonomies: the host type, categories, accommodations, time slots and 圏域, and
  the keywords as the ``value`` of a term.

``read_package`` checks a package and returns either the resources or the errors, each naming
the file and row, in Japanese; nothing is half-read. ``write_package`` then ``read_package``
gives back every field (tested as a round trip).
"""

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from tsunagu.participation.models import (
    Accommodation,
    Category,
    HostType,
    Resource,
    ResourceStatus,
    TimeSlot,
    Weekday,
)

NAMESPACE = uuid.UUID("6f1c2d7e-3b4a-4c5d-9e8f-0a1b2c3d4e5f")
UNIT_ID = str(uuid.uuid5(NAMESPACE, "unit:person"))
BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
FROM_BYDAY = {v: k for k, v in BYDAY.items()}
STATUS = {ResourceStatus.ACTIVE: "active", ResourceStatus.PAUSED: "temporarily closed"}

# tsunagu's taxonomies: name → (description, choices or None for free codes)
TAXONOMIES: dict[str, tuple[str, Any]] = {
    "tsunagu:host_type": ("受け入れ先の種類", HostType),
    "tsunagu:category": ("資源の種類", Category),
    "tsunagu:accommodation": ("受け入れの配慮", Accommodation),
    "tsunagu:time_slot": ("時間帯", TimeSlot),
    "tsunagu:area": ("圏域（コード）", None),
    "tsunagu:text": ("自由記述の項目", None),
}

TABLES: dict[str, list[str]] = {
    "organization": ["id", "name", "description"],
    "service": [
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "eligibility_description",
    ],
    "location": ["id", "location_type", "organization_id", "name"],
    "address": [
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "service_at_location": ["id", "service_id", "location_id"],
    "schedule": ["id", "service_id", "freq", "byday", "description"],
    "phone": ["id", "service_id", "number"],
    "contact": ["id", "service_id", "name", "email"],
    "unit": ["id", "name"],
    "service_capacity": ["id", "service_id", "unit_id", "available", "maximum", "updated"],
    "taxonomy": ["id", "name", "description"],
    "taxonomy_term": ["id", "code", "name", "description", "taxonomy_id"],
    "attribute": ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value"],
}
REQUIRED = {"service": ["id", "name", "status"]}
MAX_UNPACKED = 100 * 1024 * 1024


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _term_id(taxonomy: str, code: str) -> str:
    return _id("term", taxonomy, code)


@dataclass
class ResourceData:
    """A resource as read from a package (the fields ``Resource`` stores, the area by code)."""

    hsds_id: uuid.UUID
    name: str
    host_name: str = ""
    host_type: str = HostType.OTHER
    description: str = ""
    url: str = ""
    email: str = ""
    status: str = ResourceStatus.ACTIVE
    eligibility: str = ""
    address: str = ""
    days: list[str] = field(default_factory=list)
    schedule_note: str = ""
    phone: str = ""
    contact_name: str = ""
    capacity: int | None = None  # None: no service_capacity row (keep what is stored)
    categories: list[str] = field(default_factory=list)
    accommodations: list[str] = field(default_factory=list)
    time_slots: list[str] = field(default_factory=list)
    area_code: str = ""
    keywords: str = ""


def _rows(resources: list[Resource], open_slots: dict[int, int]) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    tables["unit"].append({"id": UNIT_ID, "name": "人"})
    for name, (description, choices) in TAXONOMIES.items():
        taxonomy_id = _id("taxonomy", name)
        tables["taxonomy"].append({"id": taxonomy_id, "name": name, "description": description})
        for code, label in choices.choices if choices else []:
            tables["taxonomy_term"].append(
                {
                    "id": _term_id(name, code),
                    "code": code,
                    "name": label,
                    "description": label,
                    "taxonomy_id": taxonomy_id,
                }
            )
    areas_seen: set[str] = set()
    organizations: dict[str, dict] = {}
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    for r in resources:
        sid = str(r.hsds_id)
        org_id = _id("organization", r.host_name)
        organizations.setdefault(org_id, {"id": org_id, "name": r.host_name, "description": ""})
        tables["service"].append(
            {
                "id": sid,
                "organization_id": org_id,
                "name": r.name,
                "description": r.description,
                "url": r.url,
                "email": r.email,
                "status": STATUS[r.status],
                "eligibility_description": r.eligibility,
            }
        )
        location_id = _id("location", sid)
        tables["location"].append(
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": r.host_name,
            }
        )
        tables["service_at_location"].append(
            {"id": _id("sal", sid), "service_id": sid, "location_id": location_id}
        )
        if r.address:
            tables["address"].append(
                {
                    "id": _id("address", sid),
                    "location_id": location_id,
                    "address_1": r.address,
                    "city": "",
                    "state_province": "",
                    "postal_code": "",
                    "country": "JP",
                    "address_type": "physical",
                }
            )
        if r.days or r.schedule_note:
            tables["schedule"].append(
                {
                    "id": _id("schedule", sid),
                    "service_id": sid,
                    "freq": "WEEKLY",
                    "byday": ",".join(BYDAY[d] for d in Weekday.values if d in r.days),
                    "description": r.schedule_note,
                }
            )
        if r.phone:
            tables["phone"].append({"id": _id("phone", sid), "service_id": sid, "number": r.phone})
        if r.contact_name or r.email:
            tables["contact"].append(
                {
                    "id": _id("contact", sid),
                    "service_id": sid,
                    "name": r.contact_name,
                    "email": r.email,
                }
            )
        tables["service_capacity"].append(
            {
                "id": _id("capacity", sid),
                "service_id": sid,
                "unit_id": UNIT_ID,
                "available": open_slots.get(r.pk, r.capacity),
                "maximum": r.capacity,
                "updated": now,
            }
        )
        terms = [("tsunagu:host_type", r.host_type, "")]
        terms += [("tsunagu:category", c, "") for c in r.categories]
        terms += [("tsunagu:accommodation", a, "") for a in r.accommodations]
        terms += [("tsunagu:time_slot", t, "") for t in r.time_slots]
        if r.area_id:
            terms.append(("tsunagu:area", r.area.code, r.area.name))
            if r.area.code not in areas_seen:
                areas_seen.add(r.area.code)
                tables["taxonomy_term"].append(
                    {
                        "id": _term_id("tsunagu:area", r.area.code),
                        "code": r.area.code,
                        "name": r.area.name,
                        "description": r.area.name,
                        "taxonomy_id": _id("taxonomy", "tsunagu:area"),
                    }
                )
        if r.keywords:
            terms.append(("tsunagu:text", "keywords", r.keywords))
        for taxonomy, code, value in terms:
            tables["attribute"].append(
                {
                    "id": _id("attribute", sid, taxonomy, code),
                    "link_id": sid,
                    "link_type": taxonomy.removeprefix("tsunagu:"),
                    "link_entity": "service",
                    "taxonomy_term_id": _term_id(taxonomy, code),
                    "value": value if taxonomy != "tsunagu:area" else "",
                }
            )
    tables["taxonomy_term"].append(
        {
            "id": _term_id("tsunagu:text", "keywords"),
            "code": "keywords",
            "name": "キーワード",
            "description": "検索のキーワード（value に記入）",
            "taxonomy_id": _id("taxonomy", "tsunagu:text"),
        }
    )
    tables["organization"] = list(organizations.values())
    return tables


def write_package(resources: list[Resource], open_slots: dict[int, int]) -> bytes:
    """The resources as an HSDS tabular data package (ZIP)."""
    tables = _rows(resources, open_slots)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        descriptor = {
            "name": "tsunagu-social-resources",
            "title": "社会資源（参加支援）",
            "profile": "tabular-data-package",
            "hsds_version": "3.1",
            "resources": [
                {
                    "name": name,
                    "path": f"{name}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "encoding": "utf-8",
                    "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
                }
                for name, columns in TABLES.items()
            ],
        }
        package.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for name, columns in TABLES.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[name])
            package.writestr(f"{name}.csv", text.getvalue())
    return buffer.getvalue()


class PackageError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _read_tables(data: bytes) -> dict[str, list[dict]]:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise PackageError(
            ["ZIP ファイルを読めません。HSDS のデータパッケージ（ZIP）を選んでください。"]
        ) from error
    names = set(package.namelist())
    if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
        raise PackageError(["展開後のサイズが大きすぎます（100MB まで）。"])
    if "datapackage.json" not in names:
        raise PackageError(["datapackage.json がありません。"])
    if "service.csv" not in names:
        raise PackageError(["service.csv がありません。"])
    tables = {}
    for name in TABLES:
        path = f"{name}.csv"
        if path not in names:
            tables[name] = []
            continue
        try:
            text = package.read(path).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PackageError([f"{path}: UTF-8 で保存してください。"]) from error
        tables[name] = [_normalized_ids(row) for row in csv.DictReader(io.StringIO(text))]
    return tables


def _key(value: str) -> str:
    """An identifier as compared: a UUID in its canonical form (any case, braces or not)."""
    value = (value or "").strip()
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value


def _normalized_ids(row: dict) -> dict:
    return {
        k: (_key(v) if k and (k == "id" or k.endswith("_id")) and v else v) for k, v in row.items()
    }


def read_package(data: bytes, area_codes: set[str]) -> list[ResourceData]:
    """The resources of an HSDS package; raises ``PackageError`` listing every problem found
    (file and row), so that a package is imported whole or not at all."""
    tables = _read_tables(data)
    errors: list[str] = []
    terms = {row.get("id", ""): row for row in tables["taxonomy_term"]}
    taxonomies = {row.get("id", ""): row.get("name", "") for row in tables["taxonomy"]}
    organizations = {row.get("id", ""): row.get("name", "") for row in tables["organization"]}
    found: dict[str, ResourceData] = {}
    for number, row in enumerate(tables["service"], start=2):
        where = f"service.csv {number}行目"
        missing = [c for c in REQUIRED["service"] if not (row.get(c) or "").strip()]
        if missing:
            errors.append(f"{where}: {', '.join(missing)} が空です。")
            continue
        try:
            sid = uuid.UUID(row["id"])
        except ValueError:
            errors.append(f"{where}: id「{row['id']}」は UUID ではありません。")
            continue
        status = {v: k for k, v in STATUS.items()}.get(row["status"])
        if status is None:
            errors.append(
                f"{where}: status「{row['status']}」は active か temporarily closed です。"
            )
            continue
        if str(sid) in found:
            errors.append(f"{where}: id「{sid}」が重複しています。")
            continue
        found[str(sid)] = ResourceData(
            hsds_id=sid,
            name=row["name"].strip(),
            host_name=organizations.get(row.get("organization_id", ""), ""),
            description=row.get("description", ""),
            url=row.get("url", ""),
            email=row.get("email", ""),
            status=status,
            eligibility=row.get("eligibility_description", ""),
        )
    locations = {row.get("location_id"): row for row in tables["address"]}
    for row in tables["service_at_location"]:
        resource = found.get(row.get("service_id", ""))
        if resource and row.get("location_id") in locations:
            resource.address = locations[row["location_id"]].get("address_1", "")
    for number, row in enumerate(tables["schedule"], start=2):
        resource = found.get(row.get("service_id", ""))
        if resource is None:
            continue
        codes = [c.strip() for c in (row.get("byday") or "").split(",") if c.strip()]
        unknown = [c for c in codes if c not in FROM_BYDAY]
        if unknown:
            errors.append(
                f"schedule.csv {number}行目: byday「{','.join(unknown)}」は"
                "曜日（MO〜SU）ではありません。"
            )
        resource.days = [FROM_BYDAY[c] for c in codes if c in FROM_BYDAY]
        resource.schedule_note = row.get("description", "")
    for row in tables["phone"]:
        if resource := found.get(row.get("service_id", "")):
            resource.phone = row.get("number", "")
    for row in tables["contact"]:
        if resource := found.get(row.get("service_id", "")):
            resource.contact_name = row.get("name", "")
            resource.email = resource.email or row.get("email", "")
    for number, row in enumerate(tables["service_capacity"], start=2):
        if resource := found.get(row.get("service_id", "")):
            try:
                resource.capacity = int(row.get("maximum") or 0)
                if resource.capacity < 1:
                    raise ValueError
            except ValueError:
                errors.append(f"service_capacity.csv {number}行目: maximum は1以上の整数です。")
    for number, row in enumerate(tables["attribute"], start=2):
        resource = found.get(row.get("link_id", ""))
        if resource is None or row.get("link_entity") != "service":
            continue
        term = terms.get(row.get("taxonomy_term_id", ""))
        if term is None:
            errors.append(
                f"attribute.csv {number}行目: taxonomy_term_id が taxonomy_term.csv にありません。"
            )
            continue
        taxonomy = taxonomies.get(term.get("taxonomy_id", ""), "")
        code = term.get("code", "")
        choices = TAXONOMIES.get(taxonomy, (None, None))[1]
        if choices is not None and code not in choices.values:
            errors.append(
                f"attribute.csv {number}行目: 「{code}」は {taxonomy} のコードではありません。"
            )
            continue
        if taxonomy == "tsunagu:host_type":
            resource.host_type = code
        elif taxonomy == "tsunagu:category":
            resource.categories.append(code)
        elif taxonomy == "tsunagu:accommodation":
            resource.accommodations.append(code)
        elif taxonomy == "tsunagu:time_slot":
            resource.time_slots.append(code)
        elif taxonomy == "tsunagu:area":
            if code not in area_codes:
                errors.append(
                    f"attribute.csv {number}行目: 圏域「{code}」はこの市町村にありません。"
                )
            resource.area_code = code
        elif taxonomy == "tsunagu:text" and code == "keywords":
            resource.keywords = row.get("value", "")
    for resource in found.values():
        errors.extend(_field_errors(resource))
        if not resource.categories:
            errors.append(
                f"service「{resource.name}」: 種類（tsunagu:category）が1つもありません。"
            )
    if errors:
        raise PackageError(errors)
    return list(found.values())


def _field_errors(resource: ResourceData) -> list[str]:
    """Lengths, URL and e-mail as the directory stores them, reported by service name."""
    errors = []
    limits = {
        "name": "名称",
        "host_name": "受け入れ先",
        "address": "所在地",
        "eligibility": "対象",
        "schedule_note": "日時の補足",
        "phone": "電話番号",
        "contact_name": "連絡先の担当者",
        "keywords": "キーワード",
        "url": "ウェブサイト",
        "email": "メールアドレス",
    }
    for name, label in limits.items():
        limit = Resource._meta.get_field(name).max_length
        if limit and len(getattr(resource, name) or "") > limit:
            errors.append(f"service「{resource.name[:30]}」: {label}は{limit}文字までです。")
    for value, validator, label in (
        (resource.url, URLValidator(), "ウェブサイト"),
        (resource.email, EmailValidator(), "メールアドレス"),
    ):
        if value:
            try:
                validator(value)
            except ValidationError:
                errors.append(
                    f"service「{resource.name[:30]}」: {label}「{value}」の形式が正しくありません。"
                )
    return errors
