"""Moving out: the exports write the import's own formats, so an empty installation takes the
records back unchanged (in CSV and in xlsx); the full bundle holds every record the organization
keeps, and nothing another organization keeps, and asks for a reason that the audit keeps."""

import csv
import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tsunagu.consultations.models import Activity, Consultation
from tsunagu.consultations.tests.factories import ActivityFactory, ConsultationFactory
from tsunagu.imports.models import ImportedRecord
from tsunagu.imports.resources import import_resources
from tsunagu.imports.services import import_persons
from tsunagu.participation.models import Resource
from tsunagu.people.models import Household, HouseholdMembership, Person
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

PERSONS = (
    "管理番号,氏,名,氏（フリガナ）,名（フリガナ）,生年月日,住所,電話番号,世帯番号,続柄\n"
    "A-1,山田,トメ,ヤマダ,トメ,昭和17年3月3日,みどり市本町3-4-5,049-200-1234,H-1,世帯主\n"
    "A-2,山田,一郎,ヤマダ,イチロウ,昭和47年8月1日,みどり市本町3-4-5,,H-1,子\n"
)
RESOURCES = (
    "管理番号,名称,受け入れ先,受け入れ先の種類,種類,配慮,曜日,時間帯,受け入れ人数\n"
    "S-1,野菜の収穫体験,農園みどりの丘,農家,就労体験、農作業,短時間可,月・水,午前,2\n"
)
PERSON_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "address",
)
CONSULTATION_FIELDS = (
    "person__given_name",
    "received_at",
    "channel",
    "main_concern",
    "urgency",
    "consent",
    "disposition",
)
RESOURCE_FIELDS = ("name", "host_name", "host_type", "categories", "days", "capacity")


def _records():
    return (
        sorted(Person.objects.values_list(*PERSON_FIELDS)),
        sorted(HouseholdMembership.objects.values_list("person__given_name", "relation")),
        sorted(Consultation.objects.values_list(*CONSULTATION_FIELDS)),
        sorted(Consultation.objects.values_list("person__given_name", "categories__code")),
        sorted(Resource.objects.values_list(*RESOURCE_FIELDS)),
    )


def _upload(client, name: str, data: bytes, fmt: str):
    upload = io.BytesIO(data)
    upload.name = f"file.{fmt}"
    response = client.post(reverse(name), {"file": upload, "action": "import"})
    assert response.status_code == 200, response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_installation_gives_the_same_records(
    client, caseworker, fmt
):
    # given persons, households, consultations and resources the organization keeps
    organization = caseworker.organization
    for text, importer in ((PERSONS, import_persons), (RESOURCES, import_resources)):
        outcome = importer(
            data=text.encode(),
            filename="x.csv",
            organization=organization,
            user=caseworker,
            commit=True,
        )
        assert outcome.committed, outcome.problems
    Person.objects.filter(given_name="一郎").update(phone="=cmd")  # typed in on a page
    tome = Person.objects.get(given_name="トメ")
    consultation = ConsultationFactory(
        person=tome,
        received_by=caseworker,
        received_at=datetime(2026, 4, 1, 10, 30, tzinfo=ZoneInfo("Asia/Tokyo")),
        main_concern="母の介護と家計",
    )
    consultation.categories.set(consultation.categories.model.objects.filter(code="care"))
    ConsultationFactory(
        person=Person.objects.get(given_name="一郎"),
        received_by=caseworker,
        received_at=datetime(2025, 12, 28, 16, 5, tzinfo=ZoneInfo("Asia/Tokyo")),
    )
    before = _records()
    # when each is exported and the files are imported into an empty installation
    client.force_login(caseworker)
    files = {
        kind: client.get(reverse("imports:export", args=[kind, fmt])).content
        for kind in ("persons", "consultations", "resources")
    }
    Consultation.objects.all().delete()
    HouseholdMembership.objects.all().delete()
    Household.objects.all().delete()
    ImportedRecord.objects.all().delete()
    Person.objects.all().delete()
    Resource.objects.all().delete()
    _upload(client, "imports:persons", files["persons"], fmt)
    _upload(client, "imports:consultations", files["consultations"], fmt)
    _upload(client, "imports:resources", files["resources"], fmt)
    # then the same records are back; a value a spreadsheet would run stays text
    assert _records() == before
    assert Person.objects.get(given_name="一郎").phone == "'=cmd"


def _bundle(client, fmt="csv", reason="新しいシステムへの移行のため"):
    return client.post(reverse("imports:bundle", args=[fmt]), {"reason": reason})


def test_the_bundle_holds_every_own_record_and_nothing_another_organization_keeps(
    client, caseworker, other_org
):
    # given the organization's own person with a support note, and another organization's
    own = PersonFactory(organization=caseworker.organization, family_name="自分")
    ActivityFactory(person=own, staff=caseworker, text="OWN 訪問して話を聞いた")
    foreign = PersonFactory(organization=other_org, family_name="ヒミツ")
    ActivityFactory(person=foreign, text="FOREIGN 他機関の記録")
    client.force_login(caseworker)
    # when the bundle is downloaded with a reason
    response = _bundle(client)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    # then it has the import formats first and a table for every other kind of record
    assert names[:3] == ["01_本人・世帯.csv", "02_相談.csv", "03_社会資源.csv"]
    assert "04_支援経過記録.csv" in names and "README.txt" in names
    text = "".join(archive.read(n).decode("utf-8-sig") for n in names)
    assert "自分" in text and "OWN 訪問して話を聞いた" in text
    assert "ヒミツ" not in text and "FOREIGN" not in text
    notes = list(csv.reader(io.StringIO(archive.read("04_支援経過記録.csv").decode("utf-8-sig"))))
    assert "内容" in notes[0] and "本人（番号）" in notes[0]
    # and the export is one audit entry with the reason and every person it names
    event = AuditEvent.objects.get(action="imports.bundle.exported")
    assert event.actor == caseworker
    assert event.data["reason"] == "新しいシステムへの移行のため"
    assert event.data["person_ids"] == [own.pk]
    assert event.data["counts"]["支援経過記録"] == Activity.objects.filter(person=own).count()


def test_the_bundle_as_one_workbook_has_a_sheet_per_kind(client, caseworker):
    ActivityFactory(
        person=PersonFactory(organization=caseworker.organization), staff=caseworker, text="+1"
    )
    client.force_login(caseworker)
    response = _bundle(client, "xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ["本人・世帯", "相談", "社会資源", "支援経過記録"]
    values = [c.value for row in book["支援経過記録"].iter_rows(min_row=2) for c in row]
    assert "'+1" in values  # text, never a formula


def test_the_bundle_without_a_reason_exports_nothing(client, caseworker):
    client.force_login(caseworker)
    response = _bundle(client, reason="  ")
    assert response.status_code == 400
    assert "書き出す理由を入力してください。" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="imports.bundle.exported").exists()
    # and asking by a link shows the form, not the records
    assert client.get(reverse("imports:bundle", args=["csv"])).status_code == 200
    assert not AuditEvent.objects.filter(action="imports.bundle.exported").exists()


def test_an_auditor_cannot_export(client, auditor):
    client.force_login(auditor)
    assert _bundle(client).status_code == 403
    assert client.get(reverse("imports:export", args=["persons", "csv"])).status_code == 403
