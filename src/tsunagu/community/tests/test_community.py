import pytest
from django.urls import reverse
from django.utils import timezone

from tsunagu.community import selectors, services
from tsunagu.community.models import Activity, Place
from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.models import Area
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def north(db):
    return Area.objects.create(code="north-c", name="北部")


def _actor(user, name, kind="group", area=None, **fields):
    return services.actor_create(created_by=user, name=name, kind=kind, area=area, **fields)


def test_a_resident_is_listed_only_with_their_consent(caseworker):
    with pytest.raises(InvalidTransition, match="掲載の同意日"):
        _actor(caseworker, "山田 花子", kind="resident")
    listed = _actor(caseworker, "山田 花子", kind="resident", listing_consented_on=TODAY())
    assert listed.listing_consented_on == TODAY()
    assert AuditEvent.objects.filter(action="community.actor.created").count() == 1


def test_activities_count_participants_by_generation_and_field_without_names(caseworker):
    place = services.place_create(created_by=caseworker, name="ふれあいサロン", kind="salon")
    activity = services.activity_record(
        recorded_by=caseworker,
        title="お茶会",
        held_on=TODAY(),
        participants=12,
        place=place,
        by_generation={"elderly": 9, "youth": 0, "children": 2},
        by_field={"elderly": 9},
    )
    assert activity.by_generation == {"elderly": 9, "children": 2}
    with pytest.raises(InvalidTransition, match="参加者数を超えて"):
        services.activity_record(
            recorded_by=caseworker,
            title="x",
            held_on=TODAY(),
            participants=3,
            by_generation={"elderly": 4},
        )
    assert Activity.objects.count() == 1


def test_a_platform_session_creates_the_place_a_resident_proposed(caseworker, north):
    resident = _actor(
        caseworker, "佐藤 一郎", kind="resident", area=north, listing_consented_on=TODAY()
    )
    shop = _actor(caseworker, "北山商店会", kind="commerce", area=north)
    platform = services.platform_create(
        created_by=caseworker, name="北部まちづくり円卓会議", area=north, members=[shop]
    )
    session = services.session_record(
        platform=platform,
        recorded_by=caseworker,
        held_on=TODAY(),
        summary="空き店舗の活用を話し合った",
        attendees=[resident, shop],
        new_place={
            "name": "北山えんがわ",
            "kind": "vacant",
            "proposed_by": resident,
            "area": north,
        },
    )
    place = Place.objects.get(name="北山えんがわ")
    assert (place.born_at, place.proposed_by, place.area) == (session, resident, north)
    # whoever attended became a member
    assert set(platform.members.all()) == {resident, shop}
    assert selectors.sectors_of(platform) == [("住民", 1), ("産業", 1)]


def test_a_connection_needs_two_ends(caseworker):
    actor = _actor(caseworker, "北山自治会", kind="jichikai")
    with pytest.raises(InvalidTransition, match="つないだ相手"):
        services.connection_record(
            recorded_by=caseworker, kind="people", actor=actor, connected_on=TODAY()
        )
    with pytest.raises(InvalidTransition, match="同じ担い手"):
        services.connection_record(
            recorded_by=caseworker,
            kind="people",
            actor=actor,
            other_actor=actor,
            connected_on=TODAY(),
        )


def test_the_network_shows_who_is_not_connected_yet(caseworker, north):
    club = _actor(caseworker, "北部の将棋クラブ", area=north)
    lonely = _actor(caseworker, "北部の子ども会", area=north)
    salon = services.place_create(
        created_by=caseworker, name="北山サロン", kind="salon", area=north
    )
    services.connection_record(
        recorded_by=caseworker, kind="person_place", actor=club, place=salon, connected_on=TODAY()
    )
    network = selectors.network_for(north)
    assert [(t.a, t.b, t.made) for t in network.ties] == [(f"a{club.pk}", f"p{salon.pk}", True)]
    overview = selectors.area_overview(north)
    assert overview.not_connected == [lonely.name]


def test_consultation_counts_are_aggregates_with_small_counts_hidden(caseworker, north):
    from tsunagu.consultations.models import IssueCategory

    category = IssueCategory.objects.create(code="isolation-t", name="社会的孤立T")
    for _ in range(6):
        ConsultationFactory(person__area=north, received_by=caseworker).categories.add(category)
    other = IssueCategory.objects.create(code="debt-t", name="多重債務T")
    ConsultationFactory(person__area=north, received_by=caseworker).categories.add(other)
    counts = dict(selectors.area_overview(north).consultations)
    assert counts["社会的孤立T"] == "6件"
    # a rare category is not even named: it is folded into one row
    assert "多重債務T" not in counts
    assert counts["その他の1分類"] == "各5件未満"


def test_the_area_page_and_record_pages_work_for_staff_and_not_for_the_auditor(
    client, caseworker, auditor, north
):
    actor = _actor(caseworker, "北山自治会", kind="jichikai", area=north)
    client.force_login(caseworker)
    body = client.get(reverse("community:area", args=[north.pk])).content.decode()
    assert "北部のつながり" in body and "北山自治会" in body and "まだつながりのない" in body
    response = client.post(
        reverse("community:place_create"),
        {
            "name": "北山サロン",
            "kind": "salon",
            "area": north.pk,
            "run_by": actor.pk,
            "generations": ["elderly"],
            "fields_": ["elderly"],
        },
    )
    place = Place.objects.get()
    assert response.url == reverse("community:place_detail", args=[place.pk])
    assert (place.run_by, place.generations, place.fields) == (actor, ["elderly"], ["elderly"])
    body = client.get(reverse("community:place_detail", args=[place.pk])).content.decode()
    assert "高齢者" in body
    client.force_login(auditor)
    assert client.get(reverse("community:home")).status_code == 403


def test_an_invalid_activity_is_refused_at_the_field(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("community:activity_create"),
        {"title": "お茶会", "held_on": TODAY().isoformat(), "participants": 2, "gen_elderly": 5},
    )
    assert response.status_code == 400
    assert 'id="id_participants_error"' in response.content.decode()
    assert not Activity.objects.exists()


def test_the_map_appears_only_where_tiles_are_configured(client, caseworker, north, settings):
    from decimal import Decimal

    services.place_create(
        created_by=caseworker,
        name="北山サロン",
        kind="salon",
        area=north,
        latitude=Decimal("35.900000"),
        longitude=Decimal("139.600000"),
    )
    client.force_login(caseworker)
    page = reverse("community:area", args=[north.pk])
    # without a tile server, the places are listed and no map is drawn
    body = client.get(page).content.decode()
    assert "北山サロン" in body and 'id="area-map"' not in body
    settings.TSUNAGU_MAP_TILES_URL = "https://tiles.example.jp/{z}/{x}/{y}.png"
    body = client.get(page).content.decode()
    assert (
        'id="area-map"' in body and 'data-tiles="https://tiles.example.jp/{z}/{x}/{y}.png"' in body
    )
    assert '"lat": 35.9' in body and "leaflet.js" in body


def test_places_and_actors_are_edited_and_a_stale_save_is_refused(client, caseworker, north):
    actor = _actor(caseworker, "北山町自治会", kind="jichikai", area=north)
    place = services.place_create(
        created_by=caseworker, name="北山サロン", kind="salon", area=north
    )
    client.force_login(caseworker)
    edit = reverse("community:place_edit", args=[place.pk])
    form = {
        "name": "北山ふれあいサロン",
        "kind": "salon",
        "area": north.pk,
        "run_by": actor.pk,
        "generations": ["elderly"],
        "fields_": ["elderly"],
        "is_active": "on",
        "version": 1,
    }
    response = client.post(edit, form)
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.name, place.run_by, place.version) == ("北山ふれあいサロン", actor, 2)
    # a page opened before that save cannot overwrite it
    stale = client.post(edit, form | {"name": "古い画面からの名前"})
    assert stale.status_code == 400 and "他の職員が更新しました" in stale.content.decode()
    place.refresh_from_db()
    assert place.name == "北山ふれあいサロン"
    # an actor turned into a resident needs their consent to be listed
    response = client.post(
        reverse("community:actor_edit", args=[actor.pk]),
        {"name": "佐藤 一郎", "kind": "resident", "area": north.pk, "version": 1},
    )
    assert response.status_code == 400
    actor.refresh_from_db()
    assert actor.name == "北山町自治会"
