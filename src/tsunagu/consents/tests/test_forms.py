import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tsunagu.accounts.models import Organization
from tsunagu.consents.forms import ConsentForm

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
EXE = b"MZ\x90\x00" + b"\x00" * 60


def _data(org, **overrides):
    data = {
        "given_by": "person",
        "purposes": ["referral"],
        "recipient_organizations": [org.pk],
        "data_categories": ["basic"],
        "method": "written",
        "notice_version": "説明書 第1版",
        "given_on": "令和7年4月1日",
    }
    return data | overrides


def _form(org, files=None, **overrides):
    return ConsentForm(_data(org, **overrides), files, organizations=Organization.objects.all())


def test_a_written_consent_by_the_person_to_one_organization_is_valid(other_org):
    form = _form(other_org)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["given_on"].isoformat() == "2025-04-01"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"given_by": "proxy"}, "giver_name", "本人以外が同意したときは代理人の氏名を入力"),
        ({"given_by": "guardian"}, "giver_authority", "本人以外が同意したときは代理の根拠を入力"),
        ({"method": "oral"}, "witness", "口頭の同意では立会人を入力してください。"),
        (
            {"recipient_organizations": [], "recipient_fields": []},
            "recipient_organizations",
            "提供先の機関か、機関の種類を1つ以上選んでください。",
        ),
        (
            {"expires_on": "令和7年3月31日"},
            "expires_on",
            "有効期限は同意日以降の日付にしてください。",
        ),
        ({"purposes": []}, "purposes", "利用目的を1つ以上選んでください。"),
        ({"data_categories": []}, "data_categories", "提供する情報を1つ以上選んでください。"),
    ],
)
def test_missing_or_inconsistent_terms_are_refused_in_japanese_at_the_field(
    other_org, overrides, field, message
):
    form = _form(other_org, **overrides)
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_a_proxy_with_name_and_authority_and_an_oral_consent_with_a_witness_are_valid(other_org):
    form = _form(
        other_org,
        given_by="proxy",
        giver_name="山田花子",
        giver_authority="委任状",
        method="oral",
        witness="相談員 佐野",
    )
    assert form.is_valid(), form.errors


def test_a_consent_naming_only_a_field_is_valid(other_org):
    form = _form(other_org, recipient_organizations=[], recipient_fields=["disability"])
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(("name", "content"), [("a.pdf", PDF), ("a.png", PNG), ("a.jpg", JPEG)])
def test_evidence_of_an_accepted_kind_is_valid(other_org, name, content):
    form = _form(other_org, files={"evidence": SimpleUploadedFile(name, content)})
    assert form.is_valid(), form.errors
    # the check read the head of the file and left it at the start
    assert form.cleaned_data["evidence"].read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [("同意書.pdf", EXE), ("同意書.pdf", b"<html>not a pdf</html>"), ("x.pdf", b"%P")],
)
def test_evidence_whose_bytes_are_not_pdf_png_or_jpeg_is_refused_whatever_its_name(
    other_org, name, content
):
    form = _form(other_org, files={"evidence": SimpleUploadedFile(name, content)})
    assert not form.is_valid()
    assert form.errors["evidence"] == ["PDF・PNG・JPEG のファイルを選んでください。"]


def test_evidence_over_the_size_limit_is_refused(other_org, settings):
    settings.TSUNAGU_EVIDENCE_MAX_BYTES = len(PDF) - 1
    form = _form(other_org, files={"evidence": SimpleUploadedFile("a.pdf", PDF)})
    assert not form.is_valid()
    assert form.errors["evidence"] == ["ファイルが大きすぎます（10MBまで）。"]
