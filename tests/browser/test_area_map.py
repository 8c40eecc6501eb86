"""The area map draws the places on the configured tiles (here a tile served by the app)."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.community.models import Place
from tsunagu.core.models import Area

pytestmark = pytest.mark.browser


def test_places_with_coordinates_are_marked_on_the_map(page: Page, home_org, settings):
    tile = page.base_url + "/static/vendor/leaflet/images/layers.png"  # type: ignore[attr-defined]
    settings.TSUNAGU_MAP_TILES_URL = tile
    user = UserFactory(username="map", organization=home_org, role=Role.COMMUNITY)
    north = Area.objects.create(code="north", name="北部")
    for name, lat, lng in (("北山サロン", "35.90", "139.60"), ("北山えんがわ", "35.91", "139.61")):
        Place.objects.create(
            name=name,
            kind="salon",
            area=north,
            latitude=Decimal(lat),
            longitude=Decimal(lng),
            recorded_by=user,
        )
    Place.objects.create(name="場所不明のサロン", kind="salon", area=north, recorded_by=user)
    login(page, user.username)
    page.goto(page.base_url + f"/community/areas/{north.pk}/")  # type: ignore[attr-defined]
    area_map = page.get_by_role("region", name="居場所・拠点の地図")
    expect(area_map).to_be_visible()
    markers = area_map.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(2)
    expect(area_map.get_by_role("button", name="北山サロン")).to_have_count(1)
    expect(area_map.locator("img.leaflet-tile-loaded").first).to_be_visible()
