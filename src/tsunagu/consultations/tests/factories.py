import uuid

import factory
from django.utils import timezone

from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.consultations.models import (
    Activity,
    Channel,
    Consultation,
    Disposition,
    Referral,
    Urgency,
)
from tsunagu.people.tests.factories import PersonFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    received_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization")
    )
    received_at = factory.LazyFunction(timezone.now)
    channel = Channel.PHONE
    main_concern = "母の介護が大変で、仕事を続けられるか不安です。"
    urgency = Urgency.MEDIUM
    disposition = Disposition.CONTINUE
    submission_token = factory.LazyFunction(uuid.uuid4)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    staff = factory.SubFactory(UserFactory, organization=factory.SelfAttribute("..organization"))
    occurred_at = factory.LazyFunction(timezone.now)
    kind = "visit"
    text = "自宅を訪問し、本人と面談した。"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    from_organization = factory.SelfAttribute("person.organization")
    to_organization = factory.SubFactory("tsunagu.accounts.tests.factories.OrganizationFactory")
    sent_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..from_organization")
    )
    sent_at = factory.LazyFunction(timezone.now)
    reason = "障害福祉サービスの利用について相談したい。"

    @factory.post_generation
    def consented(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Unless ``consented=False``, the person consented to つなぎ to the recipient."""
        if create and extracted is not False:
            ConsentFactory(person=self.person, recipients=[self.to_organization])
