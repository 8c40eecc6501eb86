import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tsunagu.consents.models import Consent, as_set
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _post(org, **overrides):
    data = {
        "given_by": "person",
        "purposes": ["referral"],
        "recipient_organizations": [org.pk],
        "data_categories": ["basic", "consultation"],
        "method": "written",
        "notice_version": "説明書 第1版",
        "given_on": "令和7年4月1日",
    }
    return data | overrides


def _checked(page, name):
    """The values of the ``name`` inputs the page renders checked."""
    inputs = re.findall(rf'<input [^>]*name="{name}"[^>]*>', page)
    return {re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i}


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- create ----------------------------------------------------------------------------------


def test_staff_records_a_consent_on_the_persons_page(client, caseworker, other_org):
    # given a person of the caseworker's organization
    person = PersonFactory(organization=caseworker.organization)
    client.force_login(caseworker)
    # when the caseworker records a written consent for つなぎ to other_org
    response = client.post(reverse("consents:create", args=[person.pk]), _post(other_org))
    # then it is saved and they return to the person's page
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    consent = Consent.objects.get()
    assert (consent.person, consent.recorded_by, consent.method) == (person, caseworker, "written")
    assert list(consent.recipient_organizations.all()) == [other_org]
    assert consent.given_on.isoformat() == "2025-04-01"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"method": "oral"}, "witness", "口頭の同意では立会人を入力してください。"),
        ({"given_by": "proxy"}, "giver_name", "本人以外が同意したときは代理人の氏名を入力"),
        (
            {"recipient_organizations": []},
            "recipient_organizations",
            "提供先の機関か、機関の種類を1つ以上選んでください。",
        ),
        (
            {"expires_on": "2025-03-01"},
            "expires_on",
            "有効期限は同意日以降の日付にしてください。",
        ),
    ],
)
def test_an_invalid_consent_shows_the_error_at_the_field_and_saves_nothing(
    client, caseworker, other_org, overrides, field, message
):
    person = PersonFactory(organization=caseworker.organization)
    client.force_login(caseworker)
    response = client.post(
        reverse("consents:create", args=[person.pk]), _post(other_org, **overrides)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert message in page.split(f'id="id_{field}_error"', 1)[1].split("</p>", 1)[0]
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action="consents.consent.recorded").exists()


@pytest.mark.parametrize("who", ["outsider", "auditor"])
def test_staff_of_another_organization_cannot_open_the_consent_form(
    client, caseworker, other_org, request, who
):
    # given a person of the caseworker's organization
    person = PersonFactory(organization=caseworker.organization)
    client.force_login(request.getfixturevalue(who))
    # when someone outside it opens or posts the consent form
    get = client.get(reverse("consents:create", args=[person.pk]))
    post = client.post(reverse("consents:create", args=[person.pk]), _post(other_org))
    # then it is not there for them (the auditor is refused outright) and nothing is saved
    assert (get.status_code, post.status_code) == ((404, 404) if who == "outsider" else (403, 403))
    assert not Consent.objects.exists()


def test_a_colleague_may_open_the_consent_form(client, colleague):
    person = PersonFactory(organization=colleague.organization)
    client.force_login(colleague)
    assert client.get(reverse("consents:create", args=[person.pk])).status_code == 200


def test_the_superseding_form_starts_from_the_old_terms(client, caseworker, other_org):
    # given an active consent of a person
    old = ConsentFactory(
        person__organization=caseworker.organization,
        recipients=[other_org],
        purposes=as_set(["referral", "meeting"]),
        recipient_fields=as_set(["disability"]),
        data_categories=as_set(["basic", "health"]),
        method="oral",
    )
    client.force_login(caseworker)
    # when the caseworker opens the form to replace it
    response = client.get(
        reverse("consents:create", args=[old.person_id]) + f"?supersedes={old.pk}"
    )
    # then the form is filled with the old terms, and names the old consent
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form["purposes"].value()) == ["meeting", "referral"]
    assert sorted(form["data_categories"].value()) == ["basic", "health"]
    assert form["recipient_fields"].value() == ["disability"]
    assert [o.pk for o in form.initial["recipient_organizations"]] == [other_org.pk]
    assert form["method"].value() == "oral"
    page = response.content.decode()
    assert f'name="supersedes" value="{old.pk}"' in page
    assert _checked(page, "purposes") == {"referral", "meeting"}
    assert _checked(page, "recipient_organizations") == {str(other_org.pk)}
    assert _checked(page, "recipient_fields") == {"disability"}
    assert _checked(page, "data_categories") == {"basic", "health"}
    assert _checked(page, "method") == {"oral"}


def test_posting_the_superseding_form_replaces_the_old_consent(client, caseworker, other_org):
    old = ConsentFactory(person__organization=caseworker.organization, recipients=[other_org])
    client.force_login(caseworker)
    response = client.post(
        reverse("consents:create", args=[old.person_id]),
        _post(other_org, supersedes=old.pk, data_categories=["basic"]),
    )
    assert response.status_code == 302
    new = Consent.objects.exclude(pk=old.pk).get()
    assert new.supersedes == old
    assert list(Consent.objects.active()) == [new]


def test_superseding_a_withdrawn_consent_shows_the_refusal_and_saves_nothing(
    client, caseworker, other_org
):
    old = ConsentFactory(person__organization=caseworker.organization, recipients=[other_org])
    client.force_login(caseworker)
    client.post(reverse("consents:withdraw", args=[old.pk]), {"note": ""})
    response = client.post(
        reverse("consents:create", args=[old.person_id]), _post(other_org, supersedes=old.pk)
    )
    assert response.status_code == 400
    assert "すでに撤回・置き換え・期限切れになっています" in response.content.decode()
    assert Consent.objects.count() == 1


def test_a_consent_of_another_person_cannot_be_superseded_from_this_persons_form(
    client, caseworker, other_org
):
    old = ConsentFactory(person__organization=caseworker.organization, recipients=[other_org])
    person = PersonFactory(organization=caseworker.organization)
    client.force_login(caseworker)
    response = client.get(reverse("consents:create", args=[person.pk]) + f"?supersedes={old.pk}")
    assert response.status_code == 404


# --- detail ----------------------------------------------------------------------------------


def test_staff_of_the_recording_organization_see_the_consent(client, colleague, other_org):
    consent = ConsentFactory(person__organization=colleague.organization, recipients=[other_org])
    client.force_login(colleague)
    response = client.get(reverse("consents:detail", args=[consent.pk]))
    assert response.status_code == 200
    assert other_org.name in response.content.decode()
    assert AuditEvent.objects.filter(
        action="consents.consent.viewed", subject_id=consent.pk, actor=colleague
    ).exists()


def test_staff_of_another_organization_get_404_for_the_consent_even_when_named(
    client, caseworker, outsider
):
    # given a consent that names the outsider's organization as recipient
    consent = ConsentFactory(
        person__organization=caseworker.organization, recipients=[outsider.organization]
    )
    client.force_login(outsider)
    # when the outsider opens it
    response = client.get(reverse("consents:detail", args=[consent.pk]))
    # then it is not there for them, and the attempt is recorded as denied
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="consents.consent.viewed").exists()
    assert AuditEvent.objects.get(action="consents.consent.denied").allowed is False


# --- withdraw --------------------------------------------------------------------------------


def test_withdrawing_a_consent_stops_it_and_says_so(client, caseworker):
    consent = ConsentFactory(person__organization=caseworker.organization)
    client.force_login(caseworker)
    response = client.post(
        reverse("consents:withdraw", args=[consent.pk]), {"note": "電話で申し出"}, follow=True
    )
    assert "同意の撤回を記録しました" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_by == caseworker
    assert consent.status == "撤回"


def test_withdrawing_twice_shows_the_refusal_and_keeps_the_first_withdrawal(client, caseworker):
    consent = ConsentFactory(person__organization=caseworker.organization)
    client.force_login(caseworker)
    client.post(reverse("consents:withdraw", args=[consent.pk]), {"note": "一回目"})
    response = client.post(reverse("consents:withdraw", args=[consent.pk]), {"note": "二回目"})
    assert "この同意はすでに撤回されています。" in _messages(response)
    assert Consent.objects.get(pk=consent.pk).withdrawal_note == "一回目"


def test_staff_of_another_organization_cannot_withdraw_a_consent(client, caseworker, outsider):
    consent = ConsentFactory(
        person__organization=caseworker.organization, recipients=[outsider.organization]
    )
    client.force_login(outsider)
    response = client.post(reverse("consents:withdraw", args=[consent.pk]), {"note": ""})
    assert response.status_code == 404
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
    assert not AuditEvent.objects.filter(action="consents.consent.withdrawn").exists()


# --- evidence --------------------------------------------------------------------------------


def _upload(client, person, org, name, content):
    return client.post(
        reverse("consents:create", args=[person.pk]),
        _post(org, evidence=SimpleUploadedFile(name, content, content_type="application/pdf")),
    )


def test_a_scanned_pdf_is_kept_and_downloadable_by_the_recording_organization(
    client, caseworker, colleague, other_org
):
    # given the caseworker recorded a consent with its scanned form
    person = PersonFactory(organization=caseworker.organization)
    client.force_login(caseworker)
    assert _upload(client, person, other_org, "同意書.pdf", PDF).status_code == 302
    consent = Consent.objects.get()
    assert AuditEvent.objects.get(action="consents.consent.recorded").data["has_evidence"]
    # when a colleague downloads it
    client.force_login(colleague)
    response = client.get(reverse("consents:evidence", args=[consent.pk]))
    # then they get the same bytes, not cached, and the download is audited
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="consents.evidence.downloaded")
    assert (event.actor, event.subject_id, event.person_id) == (
        colleague,
        consent.pk,
        person.pk,
    )


def test_another_organization_cannot_download_the_scanned_form(
    client, caseworker, outsider, other_org
):
    # given a consent naming the outsider's organization, with its scanned form
    person = PersonFactory(organization=caseworker.organization)
    client.force_login(caseworker)
    _upload(client, person, other_org, "同意書.pdf", PDF)
    consent = Consent.objects.get()
    # when the outsider asks for the file
    client.force_login(outsider)
    response = client.get(reverse("consents:evidence", args=[consent.pk]))
    # then it is not there for them, and no download is recorded
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="consents.evidence.downloaded").exists()


def test_a_consent_without_a_scanned_form_has_no_download(client, caseworker):
    consent = ConsentFactory(person__organization=caseworker.organization)
    client.force_login(caseworker)
    assert client.get(reverse("consents:evidence", args=[consent.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="consents.evidence.downloaded").exists()


def test_an_executable_renamed_to_pdf_is_refused_and_nothing_is_saved(
    client, caseworker, other_org, tmp_path
):
    person = PersonFactory(organization=caseworker.organization)
    client.force_login(caseworker)
    response = _upload(client, person, other_org, "同意書.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    assert response.status_code == 400
    assert "PDF・PNG・JPEG のファイルを選んでください。" in response.content.decode()
    assert not Consent.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_consent_recorded_from_the_referral_form_returns_to_it_and_never_off_site(
    client, caseworker
):
    from tsunagu.people.tests.factories import PersonFactory

    person = PersonFactory(organization=caseworker.organization)
    client.force_login(caseworker)
    referral_form = reverse("consultations:referral_create", args=[person.pk])
    terms = {
        "given_by": "person",
        "purposes": ["referral"],
        "recipient_fields": ["disability"],
        "data_categories": ["basic"],
        "method": "written",
        "notice_version": "第1版",
        "given_on": "令和8年11月1日",
    }
    url = reverse("consents:create", args=[person.pk])
    # when the consent form was opened from the referral form, saving goes back there
    response = client.post(url, terms | {"next": referral_form})
    assert (response.status_code, response["Location"]) == (302, referral_form)
    # and a next page on another site is ignored
    response = client.post(url, terms | {"next": "https://evil.example/"})
    assert response["Location"] == reverse("people:detail", args=[person.pk])
