"""List pages and the timeline run the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tsunagu.consultations.models import IssueCategory
from tsunagu.consultations.tests.factories import (
    ActivityFactory,
    ConsultationFactory,
    ReferralFactory,
)
from tsunagu.people.tests.factories import MembershipFactory, PersonFactory


def _add_rows(caseworker, outsider, household, n):
    categories = list(IssueCategory.objects.all()[:3])
    for _ in range(n):
        person = PersonFactory(organization=caseworker.organization)
        MembershipFactory(person=person, household=household, relation="child")
        consultation = ConsultationFactory(person=person, received_by=caseworker)
        consultation.categories.set(categories)
        ActivityFactory(person=person, staff=caseworker)
        ReferralFactory(person=person, sent_by=caseworker, to_organization=outsider.organization)
        ReferralFactory(
            person=PersonFactory(organization=outsider.organization),
            to_organization=caseworker.organization,
            sent_by=outsider,
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "home",
        "people:list",
        "consultations:list",
        "consultations:referral_inbox",
        "consultations:referral_sent",
        "timeline",
    ],
)
def test_query_count_does_not_grow_with_rows(client, caseworker, outsider, page):
    head = MembershipFactory(
        person__organization=caseworker.organization,
        household__organization=caseworker.organization,
    )
    url = (
        reverse("consultations:person_timeline", args=[head.person_id])
        if page == "timeline"
        else reverse(page)
    )
    client.force_login(caseworker)
    _add_rows(caseworker, outsider, head.household, 2)
    few = _count(client, url)
    _add_rows(caseworker, outsider, head.household, 8)
    many = _count(client, url)
    assert many == few
