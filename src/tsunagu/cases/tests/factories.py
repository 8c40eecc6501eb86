import factory

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.cases.models import Case, TeamMember
from tsunagu.people.tests.factories import PersonFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A case received by a coordinator of another organization about a person."""

    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    coordinator = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    organization = factory.SelfAttribute("coordinator.organization")
    original_organization = factory.SelfAttribute("person.organization")
    lead_organization = factory.SelfAttribute("person.organization")
    title = factory.Sequence(lambda n: f"北部圏域 8050 世帯の支援{n}")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    case = factory.SubFactory(CaseFactory)
    organization = factory.SubFactory("tsunagu.accounts.tests.factories.OrganizationFactory")
    role = "長男の就労準備支援"
