import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tsunagu.community.models import CommunityIssue
from tsunagu.core.models import Area
from tsunagu.participation import services
from tsunagu.participation.models import Placement
from tsunagu.participation.tests.factories import ResourceFactory
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(db):
    return Area.objects.create(code="north-t", name="北部テスト")


def _profile(person, worker, **fields):
    values = {
        "transport": "walk",
        "interest_categories": ["farming"],
        "anxiety_with_people": "strong",
    }
    return services.profile_save(
        person=person, saved_by=worker, expected_version=None, **(values | fields)
    )


def test_the_directory_searches_by_word_category_area_and_accommodation(client, outsider, north):
    ResourceFactory(name="野菜の袋詰め", area=north)
    ResourceFactory(name="カフェの接客", categories=["work_experience"], accommodations=["pickup"])
    client.force_login(outsider)
    url = reverse("participation:directory")
    body = client.get(url + "?q=袋詰め").content.decode()
    assert "野菜の袋詰め" in body and "カフェの接客" not in body
    body = client.get(url + "?category=farming").content.decode()
    assert "野菜の袋詰め" in body and "カフェの接客" not in body
    # each row says what kind of place it is and what it accommodates
    assert "農作業・就労体験" not in body and "就労体験・農作業" in body
    assert "短時間可・対人負担の少ない作業・見学可" in body
    body = client.get(url + f"?area={north.pk}").content.decode()
    assert "野菜の袋詰め" in body and "カフェの接客" not in body
    body = client.get(url + "?accommodation=pickup").content.decode()
    assert "カフェの接客" in body and "野菜の袋詰め" not in body


def test_the_person_page_suggests_with_reasons_and_proposes(client, caseworker, north):
    person = PersonFactory(organization=caseworker.organization)
    profile = _profile(person, caseworker, interests="野菜")
    profile.areas.set([north])
    farm = ResourceFactory(name="野菜の収穫体験", area=north)
    ResourceFactory(name="接客のカフェ", accommodations=["short_hours"], area=north)
    client.force_login(caseworker)
    body = client.get(reverse("participation:person", args=[person.pk])).content.decode()
    assert "野菜の収穫体験" in body and "接客のカフェ" not in body  # strong anxiety: no café
    assert "関心: 農作業" in body and "興味: 野菜" in body and "圏域: 北部テスト" in body
    client.post(reverse("participation:propose", args=[person.pk, farm.pk]))
    placement = Placement.objects.get()
    assert (placement.status, placement.resource) == ("proposed", farm)


def test_nothing_fits_is_recorded_in_one_click_as_a_community_issue(client, caseworker):
    person = PersonFactory(organization=caseworker.organization, family_name="山田")
    _profile(person, caseworker, needs=["pickup"])
    client.force_login(caseworker)
    body = client.get(reverse("participation:person", args=[person.pk])).content.decode()
    assert "条件に合う社会資源がありません" in body
    response = client.post(reverse("participation:gap", args=[person.pk]))
    issue = CommunityIssue.objects.get()
    assert response.url == reverse("community:issue_detail", args=[issue.pk])
    assert issue.title == "市内に、農作業の受け入れ先が見つからない（送迎あり）"
    assert "山田" not in issue.title + issue.description


def test_a_resource_shows_only_the_readers_own_placements(client, caseworker, outsider):
    resource = ResourceFactory(name="野菜の収穫体験")
    mine = PersonFactory(organization=caseworker.organization, family_name="自分")
    theirs = PersonFactory(organization=outsider.organization, family_name="他人")
    services.placement_propose(person=mine, resource=resource, proposed_by=caseworker)
    other = services.placement_propose(person=theirs, resource=resource, proposed_by=outsider)
    client.force_login(caseworker)
    body = client.get(reverse("participation:resource_detail", args=[resource.pk])).content.decode()
    assert "自分" in body and "他人" not in body
    response = client.get(reverse("participation:placement", args=[other.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="participation.placement.denied").exists()


def test_suggestions_read_the_resources_in_a_constant_number_of_queries(client, caseworker):
    person = PersonFactory(organization=caseworker.organization)
    _profile(person, caseworker, anxiety_with_people="none")
    client.force_login(caseworker)
    ResourceFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("participation:person", args=[person.pk]))
    for _ in range(12):
        ResourceFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("participation:person", args=[person.pk]))
    assert len(many) == len(few)


def test_an_empty_follow_up_is_refused_at_the_field(client, caseworker):
    person = PersonFactory(organization=caseworker.organization)
    placement = services.placement_propose(
        person=person, resource=ResourceFactory(), proposed_by=caseworker
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("participation:follow_up_add", args=[placement.pk]),
        {
            "kind": "person",
            "on": timezone.localdate().isoformat(),
            "text": "",
            "version": placement.version,
        },
        follow=True,
    )
    assert "内容を入力してください" in response.content.decode()
    assert not placement.follow_ups.exists()


def test_a_resource_without_a_category_is_refused_at_the_field(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("participation:resource_create"),
        {"name": "体験", "host_name": "店", "host_type": "shop", "capacity": 1, "status": "active"},
    )
    assert response.status_code == 400
    assert "種類を1つ以上選んでください" in response.content.decode()


def test_a_new_menu_is_created_from_the_gap_page_and_answers_it(client, caseworker):
    person = PersonFactory(organization=caseworker.organization)
    profile = _profile(person, caseworker)
    issue = services.gap_record(profile=profile, recorded_by=caseworker, title="農作業の場がない")
    client.force_login(caseworker)
    page = client.get(reverse("community:issue_detail", args=[issue.pk])).content.decode()
    create = reverse("participation:resource_create") + f"?gap={issue.pk}"
    assert create.replace("&", "&amp;") in page or create in page
    client.post(
        create,
        {
            "gap": issue.pk,
            "name": "畑の手入れ体験",
            "host_name": "北山町の農家",
            "host_type": "farm",
            "categories": ["farming"],
            "accommodations": ["little_talk"],
            "capacity": 2,
            "status": "active",
        },
    )
    issue.refresh_from_db()
    assert issue.status == "addressed"
    body = client.get(reverse("community:issue_detail", args=[issue.pk])).content.decode()
    assert "畑の手入れ体験" in body and "新しいメニュー" in body


def test_opening_the_needs_form_is_an_audited_read_of_the_profile(client, caseworker):
    person = PersonFactory(organization=caseworker.organization)
    profile = _profile(person, caseworker, wishes="人の少ない場所で働きたい")
    client.force_login(caseworker)
    body = client.get(reverse("participation:profile", args=[person.pk])).content.decode()
    assert "人の少ない場所で働きたい" in body
    event = AuditEvent.objects.filter(action="participation.profile.viewed").get()
    assert (event.subject_id, event.person_id, event.grant) == (
        profile.pk,
        person.pk,
        "own_organization",
    )
