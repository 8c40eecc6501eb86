"""緊急時の閲覧: the search, the time-limited opening, and the auditor's review."""

import datetime
import json
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy import emergency, policy
from tsunagu.privacy.forms import REASON_TOO_SHORT
from tsunagu.privacy.models import AuditEvent, EmergencyAccess

pytestmark = pytest.mark.django_db

REASON = "本人宅で倒れている可能性があり、救急要請のため持病と緊急連絡先を確認する"
TAX = "令和6年度 住民税非課税"


@pytest.fixture
def stranger(other_org):
    """A person recorded by another organization, with details the search must not show."""
    return PersonFactory(
        organization=other_org,
        family_name="緑川",
        given_name="一郎",
        family_name_kana="ミドリカワ",
        given_name_kana="イチロウ",
        address="みどり市秘密町9-9-9",
        phone="090-0000-1234",
        tax_information=TAX,
    )


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _search(client, q, reason=REASON):
    return client.post(reverse("emergency:search"), {"reason": reason, "q": q})


def _open(client, person, reason=REASON):
    return client.post(reverse("emergency:open"), {"person": person.pk, "reason": reason})


def _person_page(client, person):
    return client.get(reverse("people:detail", args=[person.pk]))


# --- the search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "q", "message"),
    [
        ("急ぎです", "緑川", REASON_TOO_SHORT),
        ("", "緑川", "理由を入力してください。"),
        (REASON, "緑", "2文字以上で入力してください。"),
        (REASON, "", "氏名またはフリガナを入力してください。"),
    ],
)
def test_a_search_without_a_reason_or_a_long_enough_name_is_refused_and_not_run(
    client, caseworker, stranger, reason, q, message
):
    client.force_login(caseworker)
    response = _search(client, q, reason)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert stranger.full_name not in page
    assert not AuditEvent.objects.filter(action="privacy.emergency.searched").exists()


def test_the_search_finds_persons_of_other_organizations_with_the_minimum_to_pick_one(
    client, caseworker, stranger, other_org
):
    client.force_login(caseworker)
    # when the caseworker searches by kana, with a reason
    response = _search(client, "みどりかわ")
    # then the person appears with name, kana, birth date and organization only
    assert response.status_code == 200
    page = response.content.decode()
    assert [p.pk for p in response.context["candidates"]] == [stranger.pk]
    for shown in (stranger.full_name, stranger.full_name_kana, other_org.name):
        assert shown in page
    for hidden in (stranger.address, stranger.phone, TAX):
        assert hidden not in page
    # and nothing else of the person opened to the caseworker
    assert _person_page(client, stranger).status_code == 404


def test_the_search_is_audited_with_ids_and_never_the_query_or_the_reason(
    client, caseworker, stranger
):
    client.force_login(caseworker)
    _search(client, "緑川 一郎")
    event = AuditEvent.objects.get(action="privacy.emergency.searched")
    assert (event.actor, event.grant, event.data) == (
        caseworker,
        "emergency",
        {"ids": [stranger.pk]},
    )
    everything = json.dumps(
        list(AuditEvent.objects.values("data", "user_agent")), ensure_ascii=False
    )
    for text in ("緑川", "一郎", "倒れている"):
        assert text not in everything


def test_the_search_is_closed_to_the_auditor(client, auditor, stranger):
    client.force_login(auditor)
    assert _search(client, "緑川").status_code == 403
    assert not AuditEvent.objects.filter(action="privacy.emergency.searched").exists()


# --- opening ---------------------------------------------------------------------------------


def test_opening_a_record_shows_the_person_with_the_banner_and_is_audited_without_the_reason(
    client, caseworker, stranger, settings
):
    settings.TSUNAGU_EMERGENCY_ACCESS_HOURS = 4
    client.force_login(caseworker)
    # when the caseworker opens the stranger's record with the reason
    response = _open(client, stranger)
    # then they land on the person's page, which shows the emergency banner
    assert response["Location"] == reverse("people:detail", args=[stranger.pk])
    page = _person_page(client, stranger)
    assert page.status_code == 200
    assert "緊急時の閲覧中" in page.content.decode()
    # and the access lasts the configured hours, keeps the reason for the auditor
    access = EmergencyAccess.objects.get()
    assert access.expires_at - access.opened_at == datetime.timedelta(hours=4)
    assert access.reason == REASON
    # and the entries name the grant, not the reason
    opened = AuditEvent.objects.get(action="privacy.emergency.opened")
    assert (opened.person_id, opened.grant) == (stranger.pk, "emergency")
    assert "倒れている" not in json.dumps(opened.data, ensure_ascii=False)
    viewed = AuditEvent.objects.filter(action="people.person.viewed", person_id=stranger.pk)
    assert viewed.latest("sequence").grant == "emergency"


def test_opening_with_a_short_reason_is_refused(client, caseworker, stranger):
    client.force_login(caseworker)
    response = _open(client, stranger, reason="  急ぎです  ")
    assert REASON_TOO_SHORT in _messages(response)
    assert not EmergencyAccess.objects.exists()
    assert _person_page(client, stranger).status_code == 404


def test_opening_a_person_who_does_not_exist_is_refused_with_a_message(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("emergency:open"), {"person": 987654, "reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("emergency:search")
    assert _messages(response) == ["記録が見つかりません。もう一度検索してください。"]
    assert not EmergencyAccess.objects.exists()


def test_after_the_hours_the_record_is_closed_again(client, caseworker, stranger, monkeypatch):
    # given the caseworker opened the stranger's record
    client.force_login(caseworker)
    _open(client, stranger)
    access = EmergencyAccess.objects.get()
    assert "緊急時の閲覧中" in _person_page(client, stranger).content.decode()
    # when the clock the policy reads passes its end (the session's own clock is left alone,
    # or the idle timeout would log the caseworker out first)
    later = SimpleNamespace(now=lambda: access.expires_at + datetime.timedelta(seconds=1))
    monkeypatch.setattr(policy, "timezone", later)
    monkeypatch.setattr(emergency, "timezone", later)
    # then the person's page is not there any more, and no banner is offered
    assert _person_page(client, stranger).status_code == 404
    assert emergency.emergency_current(user=caseworker, person_id=stranger.pk) is None


def test_an_access_that_ended_yesterday_opens_nothing(client, caseworker, stranger):
    now = timezone.now()
    EmergencyAccess.objects.create(
        user=caseworker,
        person=stranger,
        reason=REASON,
        opened_at=now - datetime.timedelta(days=1, hours=4),
        expires_at=now - datetime.timedelta(days=1),
    )
    client.force_login(caseworker)
    assert _person_page(client, stranger).status_code == 404


def test_an_access_is_the_openers_only(client, caseworker, colleague, stranger):
    client.force_login(caseworker)
    _open(client, stranger)
    client.force_login(colleague)
    assert _person_page(client, stranger).status_code == 404


def test_tax_information_stays_hidden_under_an_emergency_access(client, caseworker, stranger):
    # given a consultation of the stranger flagged 税情報, and one not flagged
    taxed = ConsultationFactory(person=stranger, contains_tax_information=True)
    plain = ConsultationFactory(person=stranger)
    client.force_login(caseworker)
    _open(client, stranger)
    # then the person's page leaves out the 税情報 field
    page = _person_page(client, stranger).content.decode()
    assert stranger.full_name in page
    assert TAX not in page
    # and the flagged consultation is not there, while the other one is
    detail = "consultations:detail"
    assert client.get(reverse(detail, args=[taxed.pk])).status_code == 404
    assert client.get(reverse(detail, args=[plain.pk])).status_code == 200
    timeline = client.get(reverse("consultations:person_timeline", args=[stranger.pk]))
    assert reverse(detail, args=[taxed.pk]) not in timeline.content.decode()
    assert reverse(detail, args=[plain.pk]) in timeline.content.decode()


# --- the auditor's review --------------------------------------------------------------------


@pytest.fixture
def opened(caseworker, stranger):
    return emergency.emergency_open(user=caseworker, person_id=stranger.pk, reason=REASON)


@pytest.mark.parametrize("who", ["caseworker", "outsider"])
def test_the_review_pages_are_for_the_auditor_only(client, request, opened, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("emergency:reviews")).status_code == 403
    post = client.post(reverse("emergency:review", args=[opened.pk]), {"outcome": "appropriate"})
    assert post.status_code == 403
    opened.refresh_from_db()
    assert opened.reviewed_at is None
    assert not AuditEvent.objects.filter(action="privacy.emergency.reviewed").exists()


def test_the_auditor_sees_the_access_with_the_reason_but_not_the_persons_name(
    client, auditor, opened, stranger
):
    client.force_login(auditor)
    page = client.get(reverse("emergency:reviews")).content.decode()
    assert f"#{stranger.pk}" in page
    assert REASON in page
    assert stranger.full_name not in page


def test_the_auditor_reviews_an_access_once(client, auditor, opened):
    client.force_login(auditor)
    # when the auditor records the review
    first = client.post(
        reverse("emergency:review", args=[opened.pk]), {"outcome": "appropriate", "note": "妥当"}
    )
    assert f"緊急時の閲覧 #{opened.pk} の確認を記録しました。" in _messages(first)
    # and tries to record it again with another outcome
    second = client.post(
        reverse("emergency:review", args=[opened.pk]), {"outcome": "inappropriate"}
    )
    # then the second is refused and the first outcome stands
    assert "この緊急時の閲覧は確認済みです。" in _messages(second)
    opened.refresh_from_db()
    assert (opened.review_outcome, opened.reviewed_by) == ("appropriate", auditor)
    event = AuditEvent.objects.get(action="privacy.emergency.reviewed")
    assert event.data == {"outcome": "appropriate"}
    # and it leaves the pending list
    assert opened not in client.get(reverse("emergency:reviews")).context["accesses"]


def test_a_review_without_an_outcome_is_refused(client, auditor, opened):
    client.force_login(auditor)
    response = client.post(reverse("emergency:review", args=[opened.pk]), {"note": "確認"})
    assert "確認結果を選んでください。" in _messages(response)
    opened.refresh_from_db()
    assert opened.reviewed_at is None
    assert not AuditEvent.objects.filter(action="privacy.emergency.reviewed").exists()


def test_the_auditor_reading_the_emergency_reasons_is_itself_audited(client, auditor, outsider):
    # given an emergency access waiting for review
    from tsunagu.privacy.models import AuditEvent, EmergencyAccess

    person = PersonFactory()
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        user=outsider,
        person=person,
        reason="安否確認のため緊急連絡先を確認する",
        opened_at=now,
        expires_at=now + datetime.timedelta(hours=1),
    )
    client.force_login(auditor)
    # when the auditor opens the review list
    assert "安否確認" in client.get(reverse("emergency:reviews")).content.decode()
    # then the reading of the reasons is an entry, naming the access and its person
    event = AuditEvent.objects.get(action="privacy.emergency.listed")
    assert (event.actor, event.data["ids"], event.data["person_ids"]) == (
        auditor,
        [access.pk],
        [person.pk],
    )
