import datetime

import factory
from django.utils import timezone

from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.meetings.models import AgendaItem, Meeting, Participant, SharedInformation
from tsunagu.people.tests.factories import PersonFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned 重層的支援会議 tomorrow, hosted by its creator's organization."""

    class Meta:
        model = Meeting

    kind = "coordination"
    title = factory.Sequence(lambda n: f"北部圏域 定例会議{n}")
    created_by = factory.SubFactory(UserFactory)
    organization = factory.SelfAttribute("created_by.organization")
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(
        PersonFactory, organization=factory.SelfAttribute("..meeting.organization")
    )
    organization = factory.SelfAttribute("person.organization")
    label = factory.Sequence(lambda n: f"北部圏域 80代の母と50代の息子の世帯{n}")
    added_by = factory.SelfAttribute("meeting.created_by")


class SharedInformationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedInformation

    agenda_item = factory.SubFactory(AgendaItemFactory)
    meeting = factory.SelfAttribute("agenda_item.meeting")
    shared_by = factory.SelfAttribute("agenda_item.added_by")
    organization = factory.SelfAttribute("shared_by.organization")
    text = "息子は日中は自室にいることが多い。"


def convened_with(host, kind: str = "coordination") -> Meeting:
    """A meeting convened through the service at the host's organization — by its coordinator,
    or for a 支援会議 by its municipal staff (``meeting.created_by``) — with the host taking part
    as its secretariat."""
    from tsunagu.accounts.models import Role
    from tsunagu.meetings import services

    role = Role.MUNICIPAL_ADMIN if kind == "support" else Role.COORDINATOR
    convener = UserFactory(organization=host.organization, role=role)
    meeting = services.meeting_create(
        created_by=convener, kind=kind, title="北部圏域 定例会議", scheduled_at=timezone.now()
    )
    Participant.objects.create(meeting=meeting, user=host, role_note="事務局")
    return meeting
