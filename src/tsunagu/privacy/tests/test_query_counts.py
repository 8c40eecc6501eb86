"""No N+1 on any page: every page of the crawl, as every role, makes the same number of SQL
queries when the organization has three times the records.

Each page is opened twice with one set of the reader's own records (the second count, so that
one-off loads such as the session do not count), then twice more sets are added — persons,
households, consultations, notes, referrals, consents, meetings and agendas, cases with
assessments and plans, outreach, placements, community records — and the page is opened again.
A page whose count grows with the rows loads something per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.api.models import ApiToken
from tsunagu.meetings.models import Participant
from tsunagu.privacy.testing.world import base_world
from tsunagu.privacy.tests.test_crawl import PAGE_KWARGS, PAGES, _own_records

# Pages that show one row per record by design and say so: none today. A page added here
# needs a reason.
GROWS_BY_DESIGN: dict[str, str] = {}


def _count(client, url: str, headers: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        if response.streaming:
            b"".join(response.streaming_content)
    return response.status_code, len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.AUDITOR])
def test_no_page_makes_more_queries_as_records_grow(client, role):
    world = base_world()
    colleague = UserFactory(organization=world.reader_org, role=Role.CONSULTATION)
    reader = UserFactory(organization=world.reader_org, role=role)
    ids, meeting = _own_records(world.reader_org, colleague)
    ids.update(token_id=0, expense_id=0, candidate_id=0)
    if reader.sees_personal_data:
        Participant.objects.create(meeting=meeting, user=reader)
    client.force_login(reader)
    token = ApiToken.issue(user=reader, name="件数")[1]
    urls = []
    for name, converters in PAGES:
        values = {**ids, **PAGE_KWARGS.get(name, {})}
        url = reverse(name, kwargs={key: values[key] for key in converters})
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if name.startswith("api:") else {}
        _count(client, url, headers)
        status, before = _count(client, url, headers)
        if status == 200:
            urls.append((name, url, headers, before))
    for tag in ("2", "3"):
        _, more = _own_records(world.reader_org, colleague, tag)
        if reader.sees_personal_data:
            Participant.objects.create(meeting=more, user=reader)
    grew = []
    for name, url, headers, before in urls:
        _, after = _count(client, url, headers)
        if after > before and name not in GROWS_BY_DESIGN:
            grew.append(f"{url}: {before} → {after}")
    assert len(urls) > 40  # the pages were reached
    assert grew == []
