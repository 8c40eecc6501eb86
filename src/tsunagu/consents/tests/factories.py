import datetime

import factory
from django.utils import timezone

from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.consents.models import Consent, as_set
from tsunagu.people.tests.factories import PersonFactory


class ConsentFactory(factory.django.DjangoModelFactory):
    """An oral consent given by the person, active from yesterday, for ``purposes`` to
    ``recipients`` (organizations) — by default for つなぎ, sharing basic and consultation data."""

    class Meta:
        model = Consent
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    recorded_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization")
    )
    given_by = "person"
    purposes = factory.LazyFunction(lambda: as_set(["referral"]))
    recipient_fields = factory.LazyFunction(dict)
    data_categories = factory.LazyFunction(lambda: as_set(["basic", "consultation"]))
    method = "oral"
    witness = "相談員 佐野"
    notice_version = "個人情報の取扱いについての説明書 第1版"
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))

    @factory.post_generation
    def recipients(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.terms_open = True
            self.recipient_organizations.set(extracted)
