"""The API obeys the access policy and the audit trail of the web pages, speaks RFC 9457 problem
details in Japanese, and pages by last change for synchronisation."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.api.models import ApiToken
from tsunagu.consultations.tests.factories import ConsultationFactory, ReferralFactory
from tsunagu.people.models import Person
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent
from tsunagu.privacy.testing.world import MARKERS, base_world

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _, secret = ApiToken.issue(user=user, name="テスト")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api():
    return Client(HTTP_HOST="localhost")


def test_without_a_token_the_answer_is_a_problem_in_japanese(api):
    response = api.get("/api/v1/persons")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["title"] == "認証が必要です"


def test_a_revoked_token_opens_nothing(api, caseworker):
    token, secret = ApiToken.issue(user=caseworker, name="同期")
    token.revoke()
    assert api.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_the_token_sees_what_its_staff_member_sees_and_no_more(api):
    # given another organization's person the reader has no grant to, and one of their own
    world = base_world()
    reader = UserFactory(organization=world.reader_org, role=Role.CONSULTATION)
    own = PersonFactory(organization=world.reader_org, family_name="自分")
    headers = bearer(reader)
    # when the token lists persons and consultations
    persons = api.get("/api/v1/persons", **headers).json()
    consultations = api.get("/api/v1/consultations", **headers).json()
    # then only their own appear, and the other organization's person exists nowhere
    assert [p["id"] for p in persons["items"]] == [own.pk]
    assert persons["next_offset"] is None
    body = str(persons) + str(consultations)
    assert not [marker for marker in MARKERS.values() if marker in body]
    missing = api.get(f"/api/v1/persons/{world.person.pk}", **headers)
    assert missing.status_code == 404
    assert missing.json()["title"] == "見つかりません"
    # and every read is in the audit trail, as on the web pages
    listed = AuditEvent.objects.get(actor=reader, action="people.person.listed")
    assert listed.data["ids"] == [own.pk]
    assert AuditEvent.objects.filter(
        actor=reader, action="people.person.denied", person_id=world.person.pk, allowed=False
    ).exists()
    assert api.get(f"/api/v1/persons/{own.pk}", **headers).json()["family_name"] == "自分"
    assert AuditEvent.objects.filter(
        actor=reader, action="people.person.viewed", person_id=own.pk
    ).exists()


def test_an_auditor_token_reads_no_records(api, auditor):
    response = api.get("/api/v1/persons", **bearer(auditor))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_tax_information_is_never_in_the_api(api, caseworker):
    PersonFactory(organization=caseworker.organization, tax_information="住民税の滞納あり")
    body = api.get("/api/v1/persons", **bearer(caseworker)).content.decode()
    assert "tax" not in body and "滞納" not in body


def test_lists_page_by_last_change_for_synchronisation(api, caseworker):
    people = [PersonFactory(organization=caseworker.organization) for _ in range(5)]
    earlier = timezone.now() - timedelta(days=2)
    Person.objects.filter(pk__in=[p.pk for p in people[:3]]).update(updated_at=earlier)
    headers = bearer(caseworker)
    first = api.get("/api/v1/persons?limit=2", **headers).json()
    assert first["next_offset"] == 2
    second = api.get(f"/api/v1/persons?limit=2&offset={first['next_offset']}", **headers).json()
    assert [p["id"] for p in first["items"] + second["items"]] == [p.pk for p in people[:4]]
    last = api.get(f"/api/v1/persons?limit=2&offset={second['next_offset']}", **headers).json()
    assert [p["id"] for p in last["items"]] == [people[4].pk] and last["next_offset"] is None
    since = (timezone.now() - timedelta(days=1)).isoformat()
    changed = api.get("/api/v1/persons", {"updated_since": since}, **headers).json()
    assert {p["id"] for p in changed["items"]} == {people[3].pk, people[4].pk}


def test_bad_parameters_are_named_in_japanese(api, caseworker):
    response = api.get("/api/v1/persons?limit=500&updated_since=きのう", **bearer(caseworker))
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["limit"] == "200 以下の値を指定してください。"
    assert errors["updated_since"].startswith("日時は ISO 8601 で")


def test_consultations_carry_their_categories_and_no_tax_flag(api, caseworker):
    consultation = ConsultationFactory(person=PersonFactory(organization=caseworker.organization))
    item = api.get(f"/api/v1/consultations/{consultation.pk}", **bearer(caseworker)).json()
    assert item["person_id"] == consultation.person_id
    assert "contains_tax_information" not in item


def test_the_openapi_schema_and_its_documentation_are_served(api):
    schema = api.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/persons" in schema["paths"]
    docs = api.get("/api/v1/docs")
    assert docs.status_code == 200
    # served from this site, not a CDN: the CSP allows no other origin
    assert b'src="/static/ninja/swagger-ui-bundle' in docs.content
    assert b"cdn.jsdelivr.net" not in docs.content


def test_staff_create_and_revoke_their_own_tokens(client, caseworker):
    client.force_login(caseworker)
    body = client.post("/api/tokens/", {"name": "住民記録との同期"}).content.decode()
    token = ApiToken.objects.get(user=caseworker)
    assert "二度と表示されません" in body
    assert token.digest not in body and token.prefix in body
    client.post(f"/api/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert not token.is_active
    assert AuditEvent.objects.filter(action="api.token.revoked", actor=caseworker).exists()


def test_a_referral_without_consent_does_not_say_who_it_is_about(api, caseworker, other_org):
    headers = bearer(caseworker)
    with_consent = ReferralFactory(
        person=PersonFactory(organization=other_org), to_organization=caseworker.organization
    )
    without = ReferralFactory(
        person=PersonFactory(organization=other_org),
        to_organization=caseworker.organization,
        consented=False,
    )
    items = {r["id"]: r for r in api.get("/api/v1/referrals", **headers).json()["items"]}
    assert items[with_consent.pk]["person_id"] == with_consent.person_id
    assert items[without.pk]["person_id"] is None
    one = api.get(f"/api/v1/referrals/{without.pk}", **headers).json()
    assert one["person_id"] is None
    assert api.get(f"/api/v1/persons/{without.person_id}", **headers).status_code == 404


def test_a_record_number_too_large_for_the_database_is_a_problem_not_a_failure(api, caseworker):
    response = api.get("/api/v1/persons/2306827301747198263296", **bearer(caseworker))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "person_id"


@pytest.mark.parametrize(
    "since", ["1912-04-23T09:51:03+20:32", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]
)
def test_any_offset_iso_8601_allows_is_answered(api, caseworker, since):
    # PostgreSQL refuses an offset beyond ±15:59; the API reads the moment in UTC instead
    PersonFactory(organization=caseworker.organization)
    response = api.get("/api/v1/persons", {"updated_since": since}, **bearer(caseworker))
    assert response.status_code == 200


def test_a_case_gives_its_plans_to_those_who_see_the_case_and_to_no_one_else(api, other_org):
    # given a case with two plan versions, its coordinator, and staff of an organization
    # outside the case
    from tsunagu.cases.models import Plan, PlanAction
    from tsunagu.cases.tests.factories import CaseFactory

    case = CaseFactory()
    for number, goal in ((1, "家計の相談に行く"), (2, "週に一度外に出る")):
        plan = Plan.objects.create(
            case=case,
            number=number,
            goal_long="母と二人で安心して暮らしたい",
            goal_short=goal,
            policy="家計と介護の負担を分けて支える",
            participation="面談で本人が目標を決めた",
            monitoring_on=timezone.localdate() + timedelta(days=60),
            written_by=case.coordinator,
        )
        PlanAction.objects.create(plan=plan, what="家計の見直し", organization=case.organization)
    outsider = UserFactory(organization=other_org, role=Role.CONSULTATION)
    # when the coordinator's token asks for the case's plans
    response = api.get(f"/api/v1/cases/{case.pk}/plans", **bearer(case.coordinator))
    # then every version comes, newest first, with its actions, and the read is audited
    assert response.status_code == 200
    plans = response.json()
    assert [(p["number"], p["goal_short"]) for p in plans] == [
        (2, "週に一度外に出る"),
        (1, "家計の相談に行く"),
    ]
    assert plans[0]["actions"][0]["what"] == "家計の見直し"
    assert AuditEvent.objects.filter(
        actor=case.coordinator, action="cases.case.viewed", person_id=case.person_id
    ).exists()
    # and to someone outside the case the case and its plans do not exist
    denied = api.get(f"/api/v1/cases/{case.pk}/plans", **bearer(outsider))
    assert denied.status_code == 404
    assert "家計" not in denied.content.decode()
