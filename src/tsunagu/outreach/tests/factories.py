import datetime

import factory
from django.utils import timezone

from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.outreach.models import OutreachCase


class OutreachCaseFactory(factory.django.DjangoModelFactory):
    """A case opened three weeks ago, not yet contacted, every 14 days."""

    class Meta:
        model = OutreachCase

    created_by = factory.SubFactory(UserFactory)
    organization = factory.SelfAttribute("created_by.organization")
    assigned_to = factory.SelfAttribute("created_by")
    label = factory.Sequence(lambda n: f"北山町の角の家の息子さん{n}")
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=21))
