"""The directory in HSDS: a round trip loses nothing; a bad package is refused whole, with
every problem by file and row."""

import csv
import io
import json
import zipfile

import pytest

from tsunagu.core.models import Area
from tsunagu.participation import hsds, services
from tsunagu.participation.models import Resource
from tsunagu.participation.selectors import directory_package
from tsunagu.participation.tests.factories import ResourceFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

FIELDS = [f for f in services.RESOURCE_FIELDS] + ["hsds_id"]


def _snapshot():
    return [{f: getattr(r, f) for f in FIELDS} for r in Resource.objects.order_by("hsds_id")]


def _rewrite(data: bytes, table: str, change) -> bytes:
    """The package with one table's rows changed by ``change(rows)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == f"{table}.csv":
                rows = list(csv.DictReader(io.StringIO(content.decode())))
                rows = change(rows)
                text = io.StringIO()
                writer = csv.DictWriter(text, fieldnames=hsds.TABLES[table], lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
                content = text.getvalue().encode()
            target.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def directory(db):
    north = Area.objects.create(code="north", name="北部")
    ResourceFactory(
        name="野菜の収穫・袋詰め体験",
        host_name="農園みどりの丘",
        area=north,
        address="みどり市北山町1-2",
        keywords="野菜、外の作業",
        schedule_note="月・水 9時〜11時",
        eligibility="18歳以上",
        contact_name="田中",
        phone="049-200-0001",
        email="farm@example.jp",
        url="https://farm.example.jp/",
    )
    ResourceFactory(
        name="在宅でのデータ入力",
        host_name="株式会社みどり印刷",
        host_type="company",
        categories=["work_experience"],
        accommodations=["from_home"],
        days=[],
        time_slots=[],
        capacity=3,
        status="paused",
    )


def test_a_round_trip_loses_nothing(directory, caseworker):
    before = _snapshot()
    package = directory_package()
    # the package is an HSDS tabular data package
    archive = zipfile.ZipFile(io.BytesIO(package))
    descriptor = json.loads(archive.read("datapackage.json"))
    assert {r["path"] for r in descriptor["resources"]} == {f"{t}.csv" for t in hsds.TABLES}
    services_csv = list(csv.DictReader(io.StringIO(archive.read("service.csv").decode())))
    assert {row["status"] for row in services_csv} == {"active", "temporarily closed"}
    # imported into an empty directory, every field comes back
    Resource.objects.all().delete()
    result = services.resources_import(imported_by=caseworker, data=package)
    assert (result.created, result.updated) == (2, 0)
    assert _snapshot() == before
    # and imported again, nothing changes
    again = services.resources_import(imported_by=caseworker, data=package)
    assert (again.created, again.updated) == (0, 0)
    assert AuditEvent.objects.filter(action="participation.resources.imported").count() == 2


def test_an_edited_package_updates_the_resource_it_names(directory, caseworker):
    package = _rewrite(
        directory_package(),
        "service_capacity",
        lambda rows: [dict(r, maximum="5") if r["maximum"] == "2" else r for r in rows],
    )
    result = services.resources_import(imported_by=caseworker, data=package)
    assert (result.created, result.updated) == (0, 1)
    assert Resource.objects.get(name="野菜の収穫・袋詰め体験").capacity == 5


def test_a_bad_package_is_refused_whole_with_every_problem_by_row(directory, caseworker):
    def spoil(rows):
        rows[0]["status"] = "open"
        rows.append(dict(rows[1], id="not-a-uuid"))
        return rows

    package = _rewrite(directory_package(), "service", spoil)
    package = _rewrite(
        package, "service_capacity", lambda rows: [dict(rows[0], maximum="0"), *rows[1:]]
    )
    Resource.objects.all().delete()
    with pytest.raises(hsds.PackageError) as refused:
        services.resources_import(imported_by=caseworker, data=package)
    errors = refused.value.errors
    assert any(e.startswith("service.csv 2行目: status「open」") for e in errors)
    assert any(e.startswith("service.csv 4行目: id「not-a-uuid」") for e in errors)
    assert not Resource.objects.exists()


def test_not_a_package_is_refused_in_japanese(caseworker):
    with pytest.raises(hsds.PackageError, match="ZIP ファイルを読めません"):
        services.resources_import(imported_by=caseworker, data=b"name,host\n")


def test_the_import_page_reports_the_problems_and_saves_nothing(client, caseworker, directory):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    package = _rewrite(
        directory_package(), "service", lambda rows: [dict(rows[0], name=""), *rows[1:]]
    )
    Resource.objects.all().delete()
    client.force_login(caseworker)
    response = client.post(
        reverse("participation:directory_import"),
        {"package": SimpleUploadedFile("hsds.zip", package, content_type="application/zip")},
    )
    assert response.status_code == 400
    assert "service.csv 2行目: name が空です。" in response.content.decode()
    assert not Resource.objects.exists()
    # the export downloads as a ZIP
    exported = client.get(reverse("participation:directory_export"))
    assert exported["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(exported.content)).testzip() is None


def test_ids_in_any_case_and_missing_capacity_are_read_as_meant(directory, caseworker):
    farm = Resource.objects.get(name="野菜の収穫・袋詰め体験")
    Resource.objects.filter(pk=farm.pk).update(capacity=4)

    def upper(rows):
        return [{k: (v.upper() if k.endswith("id") else v) for k, v in r.items()} for r in rows]

    package = directory_package()
    for table in ("service", "attribute", "schedule", "phone", "contact", "service_at_location"):
        package = _rewrite(package, table, upper)
    package = _rewrite(package, "service_capacity", lambda rows: [])
    result = services.resources_import(imported_by=caseworker, data=package)
    assert (result.created, result.updated) == (0, 0)
    assert Resource.objects.get(pk=farm.pk).capacity == 4


def test_a_resource_of_another_organization_is_not_overwritten(directory, caseworker, outsider):
    Resource.objects.update(managed_by=outsider.organization)
    package = _rewrite(
        directory_package(),
        "service",
        lambda rows: [dict(r, name=r["name"] + "（改）") for r in rows],
    )
    with pytest.raises(hsds.PackageError) as refused:
        services.resources_import(imported_by=caseworker, data=package)
    assert "が管理する社会資源は更新できません" in refused.value.errors[0]
    assert not Resource.objects.filter(name__endswith="（改）").exists()


def test_an_invalid_email_is_reported_not_a_server_error(directory, caseworker):
    package = _rewrite(
        directory_package(),
        "service",
        lambda rows: [dict(rows[0], email="not-an-email"), *rows[1:]],
    )
    with pytest.raises(hsds.PackageError) as refused:
        services.resources_import(imported_by=caseworker, data=package)
    assert any("メールアドレス「not-an-email」" in e for e in refused.value.errors)
