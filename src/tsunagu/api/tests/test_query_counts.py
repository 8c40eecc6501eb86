"""API lists run the same number of queries however many records they return."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tsunagu.api.models import ApiToken
from tsunagu.consultations.models import IssueCategory
from tsunagu.consultations.tests.factories import ConsultationFactory, ReferralFactory
from tsunagu.people.tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _add_rows(caseworker, outsider, n):
    categories = list(IssueCategory.objects.all()[:3])
    for _ in range(n):
        person = PersonFactory(organization=caseworker.organization)
        MembershipFactory(person=person, household__organization=caseworker.organization)
        ConsultationFactory(person=person, received_by=caseworker).categories.set(categories)
        ReferralFactory(
            person=PersonFactory(organization=outsider.organization),
            to_organization=caseworker.organization,
            sent_by=outsider,
        )


@pytest.mark.parametrize("path", ["persons", "households", "consultations", "referrals"])
def test_api_lists_do_not_grow_queries_with_rows(caseworker, outsider, path):
    secret = ApiToken.issue(user=caseworker, name="数える")[1]
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/v1/{path}?limit=200").status_code == 200
        return len(queries)

    _add_rows(caseworker, outsider, 2)
    count()  # the first request also records when the token was last used
    few = count()
    _add_rows(caseworker, outsider, 8)
    assert count() == few
