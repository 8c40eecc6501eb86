"""名寄せ in the app: the check at intake, the review queue, the overlaps and the 支援会議."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.linkage import selectors, services
from tsunagu.linkage.models import MatchCandidate, OverlapAgendaItem, PersonLink, Verdict
from tsunagu.meetings.models import Meeting, MeetingKind, Participant
from tsunagu.notifications.models import Notification
from tsunagu.people import services as people_services
from tsunagu.people.models import Person
from tsunagu.people.services import person_create, person_update
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

MOTHER = {
    "family_name": "山田",
    "given_name": "トメ",
    "family_name_kana": "ヤマダ",
    "given_name_kana": "トメ",
    "birth_date": date(1942, 3, 3),
    "address": "みどり市本町3丁目4番5号",
}
SON = {
    "family_name": "山田",
    "given_name": "一郎",
    "family_name_kana": "ヤマダ",
    "given_name_kana": "イチロウ",
    "birth_date": date(1972, 8, 1),
    "address": "みどり市本町三丁目4番5号",
}


@pytest.fixture
def coordinator(coordination_org):
    return UserFactory(username="coordinator", organization=coordination_org, role=Role.COORDINATOR)


@pytest.fixture
def municipal(db):
    city = OrganizationFactory(name="みどり市役所", fields=["other"], programs=["coordination"])
    return UserFactory(username="city", organization=city, role=Role.MUNICIPAL_ADMIN)


@pytest.fixture
def poverty_org(db):
    return OrganizationFactory(name="生活サポートセンター", fields=["poverty"])


def _household_known_in_parts(caseworker, outsider, poverty_org):
    """The 8050 household: the mother at the elderly centre, the son at the poverty counter
    and — under a variant kanji — at the disability office, each with a recent consultation."""
    mother = person_create(organization=caseworker.organization, created_by=caseworker, **MOTHER)
    son_poverty = person_create(
        organization=poverty_org,
        created_by=UserFactory(organization=poverty_org),
        **SON,
    )
    son_disability = person_create(
        organization=outsider.organization,
        created_by=outsider,
        **(SON | {"family_name": "山田", "given_name_kana": "イチロー"}),
    )
    for person in (mother, son_poverty, son_disability):
        ConsultationFactory(person=person, organization=person.organization)
    return mother, son_poverty, son_disability


def _unsure_pair(caseworker, outsider):
    """The son at the disability office, then at the elderly centre from a phone call: in
    hiragana, the birth date's day and month swapped, at the address he moved to. Returns the
    newcomer."""
    person_create(organization=outsider.organization, created_by=outsider, **SON)
    return person_create(
        organization=caseworker.organization,
        created_by=caseworker,
        **(
            SON
            | {
                "family_name": "やまだ",
                "given_name": "いちろう",
                "birth_date": date(1972, 1, 8),
                "address": "みどり市緑町9-9-9",
            }
        ),
    )


def test_an_intake_of_a_person_known_elsewhere_says_how_many_organizations_not_which(
    caseworker, outsider, coordinator
):
    # given the son known to the disability office
    person_create(organization=outsider.organization, created_by=outsider, **SON)
    # when the elderly centre registers him at intake, written a little differently
    person = person_create(
        organization=caseworker.organization,
        created_by=caseworker,
        **(SON | {"family_name_kana": "やまだ", "address": "本町3-4-5"}),
    )
    # then the staff member is told one other organization may know him, and nothing more
    assert len(person.notices) == 1
    assert "他の 1 機関" in person.notices[0]
    assert outsider.organization.name not in person.notices[0]
    # and the two records are one identity (certain) without any merge of the records
    links = PersonLink.objects.filter(person__given_name="一郎")
    assert len({link.identity for link in links}) == 1
    assert links.count() == 2


def test_an_unsure_match_waits_for_the_coordinator_who_is_notified_without_a_name(
    caseworker, outsider, coordinator
):
    # a kana-only intake with the birth date's day and month swapped, at another address
    _unsure_pair(caseworker, outsider)
    candidate = MatchCandidate.objects.get()
    assert services.review_threshold() <= candidate.probability < services.certainty()
    assert candidate.levels["birth_date"] == 2  # a keying error away
    note = Notification.objects.get(user=coordinator)
    assert note.url == reverse("linkage:review")
    assert "山田" not in note.text and "一郎" not in note.text


def test_a_different_person_of_the_same_name_is_not_matched(caseworker, outsider):
    person_create(organization=outsider.organization, created_by=outsider, **SON)
    person = person_create(
        organization=caseworker.organization,
        created_by=caseworker,
        **(SON | {"birth_date": date(1990, 11, 23)}),
    )
    assert person.notices == []
    assert not MatchCandidate.objects.exists()


def test_overlaps_show_the_household_as_a_key_fields_and_counts(
    client, caseworker, outsider, poverty_org, coordinator
):
    mother, son, _ = _household_known_in_parts(caseworker, outsider, poverty_org)
    services.linkage_run()
    # when the coordinator opens the overlaps
    client.force_login(coordinator)
    response = client.get(reverse("linkage:overlaps"))
    # then the household appears with its fields and counts as an 8050 pattern
    body = response.content.decode()
    key = PersonLink.objects.get(person=mother).household_key
    assert PersonLink.objects.get(person=son).household_key == key
    assert key in body
    assert "8050の可能性" in body
    assert "高齢・障害・生活困窮" in body
    # and nothing that names anyone or says which organization
    for text in ("山田", "トメ", "一郎", "本町", caseworker.organization.name, poverty_org.name):
        assert text not in body
    assert AuditEvent.objects.filter(actor=coordinator, action="linkage.overlap.listed").exists()


@pytest.mark.parametrize("role", [Role.CONSULTATION, Role.OUTREACH, Role.COMMUNITY, Role.AUDITOR])
def test_overlaps_and_the_review_queue_are_refused_to_other_roles(client, home_org, role):
    user = UserFactory(organization=home_org, role=role)
    client.force_login(user)
    for name in ("linkage:overlaps", "linkage:review"):
        assert client.get(reverse(name)).status_code == 403
    assert selectors.overlaps(user=user) == []
    assert AuditEvent.objects.filter(actor=user, action="privacy.page.denied").count() == 2


def test_a_household_known_to_one_field_only_is_no_overlap(caseworker, coordinator, home_org):
    mother = person_create(organization=home_org, created_by=caseworker, **MOTHER)
    father = person_create(
        organization=OrganizationFactory(name="南部包括", fields=["elderly"]),
        created_by=caseworker,
        **(
            MOTHER
            | {"given_name": "正", "given_name_kana": "タダシ", "birth_date": date(1940, 1, 1)}
        ),
    )
    for person in (mother, father):
        ConsultationFactory(person=person, organization=person.organization)
    services.linkage_run()
    assert selectors.overlaps(user=coordinator) == []


def test_the_review_queue_shows_how_fields_agree_never_their_values(
    client, caseworker, outsider, coordinator
):
    _unsure_pair(caseworker, outsider)
    client.force_login(coordinator)
    body = client.get(reverse("linkage:review")).content.decode()
    assert "入力誤りの可能性" in body
    # the fields of the two organizations, never which organizations
    assert "障害の機関" in body and "高齢の機関" in body
    assert outsider.organization.name not in body
    assert caseworker.organization.name not in body
    for value in ("山田", "やまだ", "イチロウ", "1972", "昭和47", "緑町", "本町"):
        assert value not in body
    # and no link to either record, even one the reviewer could open
    assert reverse("people:detail", args=[MatchCandidate.objects.get().person_a_id]) not in body
    event = AuditEvent.objects.get(actor=coordinator, action="linkage.candidate.listed")
    assert len(event.data["person_ids"]) == 2


def test_a_decision_is_kept_and_reused_by_every_later_run(caseworker, outsider, coordinator):
    newcomer = _unsure_pair(caseworker, outsider)
    candidate = MatchCandidate.objects.get()
    # when the coordinator decides they are the same person
    services.candidate_decide(
        candidate=candidate, verdict=Verdict.SAME, note="", by=coordinator, expected_version=1
    )
    links = PersonLink.objects.filter(person__in=[candidate.person_a, candidate.person_b])
    assert len({link.identity for link in links}) == 1
    # then a full run keeps them one identity, and asks no one again
    services.linkage_run()
    assert len({link.identity for link in links.all()}) == 1
    assert MatchCandidate.objects.count() == 1
    # and "not the same" keeps them apart in every run
    candidate.refresh_from_db()
    services.candidate_decide(
        candidate=candidate,
        verdict=Verdict.DIFFERENT,
        note="別人と確認",
        by=coordinator,
        expected_version=candidate.version,
    )
    services.linkage_run()
    assert len({link.identity for link in links.all()}) == 2
    assert (
        PersonLink.objects.get(person=newcomer).identity
        != links.exclude(person=newcomer).get().identity
    )


def test_a_stale_decision_does_not_overwrite_a_colleagues(
    client, caseworker, outsider, coordinator, municipal
):
    _unsure_pair(caseworker, outsider)
    candidate = MatchCandidate.objects.get()
    services.candidate_decide(
        candidate=candidate, verdict=Verdict.DIFFERENT, note="", by=municipal, expected_version=1
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("linkage:decide", args=[candidate.pk]),
        {"verdict": Verdict.SAME, "version": 1},
        follow=True,
    )
    assert "他の職員が更新しました" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.verdict == Verdict.DIFFERENT


def test_an_overlap_goes_on_the_next_support_meeting_as_a_key_and_counts(
    client, caseworker, outsider, poverty_org, coordinator, municipal
):
    _household_known_in_parts(caseworker, outsider, poverty_org)
    services.linkage_run()
    client.force_login(coordinator)
    overlap = selectors.overlaps(user=coordinator)[0]
    # without a 支援会議 planned, it says so
    response = client.post(
        reverse("linkage:to_agenda"), {"household_key": overlap.household_key}, follow=True
    )
    assert "予定されている支援会議がありません" in response.content.decode()
    # with one planned, the overlap is on its agenda
    meeting = Meeting.objects.create(
        kind=MeetingKind.SUPPORT,
        title="支援会議（定例）",
        organization=municipal.organization,
        scheduled_at=timezone.now() + timedelta(days=7),
        created_by=municipal,
    )
    client.post(reverse("linkage:to_agenda"), {"household_key": overlap.household_key})
    item = OverlapAgendaItem.objects.get()
    assert (item.meeting, item.household_key) == (meeting, overlap.household_key)
    assert "8050の可能性" in item.summary and "3件" in item.summary
    # and the meeting page shows it to its members: the key and the counts, nobody's name
    client.force_login(municipal)
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert overlap.household_key in body
    assert "山田" not in body


def test_the_household_key_is_on_the_person_page_only_once_on_an_agenda(
    client, caseworker, outsider, poverty_org, coordinator, municipal
):
    mother, _, _ = _household_known_in_parts(caseworker, outsider, poverty_org)
    services.linkage_run()
    key = PersonLink.objects.get(person=mother).household_key
    client.force_login(caseworker)
    page = reverse("people:detail", args=[mother.pk])
    # a key shown everywhere would be a pseudonym organizations could compare without consent
    assert key not in client.get(page).content.decode()
    Meeting.objects.create(
        kind=MeetingKind.SUPPORT,
        title="支援会議（定例）",
        organization=municipal.organization,
        scheduled_at=timezone.now() + timedelta(days=7),
        created_by=municipal,
    )
    services.overlap_to_agenda(household_key=key, summary="高齢・障害・生活困窮", by=coordinator)
    assert key in client.get(page).content.decode()


def _same_person_decided(caseworker, outsider, coordinator):
    newcomer = _unsure_pair(caseworker, outsider)
    candidate = MatchCandidate.objects.get()
    services.candidate_decide(
        candidate=candidate, verdict=Verdict.SAME, note="", by=coordinator, expected_version=1
    )
    return newcomer, candidate


def test_editing_a_person_keeps_the_decision_until_the_next_run(caseworker, outsider, coordinator):
    newcomer, candidate = _same_person_decided(caseworker, outsider, coordinator)
    person_update(
        person=newcomer, updated_by=caseworker, expected_version=newcomer.version, phone="049-1"
    )
    identities = PersonLink.objects.filter(
        person_id__in=[candidate.person_a_id, candidate.person_b_id]
    ).values_list("identity", flat=True)
    assert len(set(identities)) == 1


def test_a_same_person_decision_does_not_merge_their_households(caseworker, outsider, coordinator):
    # the son registered at his new address joins his identity, not his old household
    newcomer, _ = _same_person_decided(caseworker, outsider, coordinator)
    son = PersonLink.objects.exclude(person=newcomer).get()
    assert PersonLink.objects.get(person=newcomer).household_key != son.household_key


def test_the_check_at_intake_does_not_chain_birth_dates(caseworker, outsider, poverty_org):
    # 1 August and 11 August are a keying slip apart, 11 and 17 August too; 1 and 17 are not
    orgs = [caseworker, outsider, UserFactory(organization=poverty_org)]
    people = []
    for user, day in zip(orgs, (1, 11, 17), strict=True):
        people.append(
            person_create(
                organization=user.organization,
                created_by=user,
                **(SON | {"birth_date": date(1972, 8, day), "phone": "049-200-1234"}),
            )
        )
    first, second, third = (PersonLink.objects.get(person=p).identity for p in people)
    assert first == second
    assert third != first


def test_the_notice_counts_every_organization_that_may_know_the_person(
    caseworker, outsider, poverty_org
):
    person_create(organization=outsider.organization, created_by=outsider, **SON)
    person_create(organization=poverty_org, created_by=UserFactory(organization=poverty_org), **SON)
    person = person_create(organization=caseworker.organization, created_by=caseworker, **SON)
    assert "他の 2 機関" in person.notices[0]


def test_a_failing_check_never_loses_the_registration(caseworker, monkeypatch):
    def broken(person, created):
        raise RuntimeError("the linkage is down")

    monkeypatch.setattr(people_services, "_PERSON_HOOKS", [broken])
    person = person_create(organization=caseworker.organization, created_by=caseworker, **MOTHER)
    assert Person.objects.filter(pk=person.pk).exists()
    assert person.notices == []


def test_an_address_too_long_for_the_key_is_kept_as_a_digest(caseworker):
    person = person_create(
        organization=caseworker.organization,
        created_by=caseworker,
        **(MOTHER | {"address": "みどり市" + "㍿" * 240}),
    )
    assert len(PersonLink.objects.get(person=person).flat_key) <= 255


def test_overlaps_on_a_support_meeting_wait_for_the_confidentiality_acknowledgment(
    client, caseworker, outsider, poverty_org, coordinator, municipal
):
    _household_known_in_parts(caseworker, outsider, poverty_org)
    services.linkage_run()
    meeting = Meeting.objects.create(
        kind=MeetingKind.SUPPORT,
        title="支援会議（定例）",
        organization=municipal.organization,
        scheduled_at=timezone.now() + timedelta(days=7),
        created_by=municipal,
    )
    member = UserFactory(organization=outsider.organization, role=Role.CONSULTATION)
    participant = Participant.objects.create(meeting=meeting, user=member)
    key = selectors.overlaps(user=coordinator)[0].household_key
    services.overlap_to_agenda(household_key=key, summary="高齢・障害", by=coordinator)
    client.force_login(member)
    page = reverse("meetings:detail", args=[meeting.pk])
    assert key not in client.get(page).content.decode()
    participant.confidentiality_acknowledged_at = timezone.now()
    participant.save()
    assert key in client.get(page).content.decode()


def test_a_pair_that_became_one_identity_leaves_the_queue(
    client, caseworker, outsider, coordinator
):
    _unsure_pair(caseworker, outsider)
    candidate = MatchCandidate.objects.get()
    assert len(selectors.candidates(user=coordinator)) == 1
    identity = PersonLink.objects.get(person_id=candidate.person_a_id).identity
    PersonLink.objects.filter(person_id=candidate.person_b_id).update(identity=identity)
    assert selectors.candidates(user=coordinator) == []


def test_the_review_queue_and_overlaps_do_not_grow_queries_with_rows(
    client, caseworker, outsider, poverty_org, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for k in range(n):
            person = person_create(
                organization=outsider.organization,
                created_by=outsider,
                **(SON | {"given_name": f"一郎{k}", "given_name_kana": f"イチロウ{k}"}),
            )
            ConsultationFactory(person=person, organization=outsider.organization)
            other = person_create(
                organization=caseworker.organization,
                created_by=caseworker,
                **(MOTHER | {"given_name": f"トメ{k}", "given_name_kana": f"トメ{k}"}),
            )
            ConsultationFactory(person=other, organization=caseworker.organization)
            MatchCandidate.objects.get_or_create(
                person_a_id=min(person.pk, other.pk),
                person_b_id=max(person.pk, other.pk),
                defaults={"probability": 0.7, "levels": {"name": 1}},
            )
        services.linkage_run()

    add(2)
    few = (count("linkage:review"), count("linkage:overlaps"))
    add(6)
    assert (count("linkage:review"), count("linkage:overlaps")) == few
