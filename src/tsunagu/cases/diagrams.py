"""The case page's genogram (from the household) and ecomap (from the team), as SVG."""

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tsunagu.accounts.models import User
from tsunagu.cases.models import Case, TeamMember
from tsunagu.core.diagrams.ecomap import Ecomap, EcoNode, render_ecomap
from tsunagu.core.diagrams.genogram import Member, render_genogram
from tsunagu.core.diagrams.household import from_household
from tsunagu.core.wareki import age_on
from tsunagu.people.models import HouseholdMembership, Person
from tsunagu.privacy import policy
from tsunagu.privacy.services import audit_record

MALE, FEMALE = ("男", "male", "m"), ("女", "female", "f")


def _sex(person: Person) -> str:
    value = person.sex.strip().lower()
    if value.startswith(MALE):
        return "male"
    if value.startswith(FEMALE):
        return "female"
    return "unknown"


def case_genogram_for(*, user: User, case: Case) -> SafeString | None:
    """The household drawn as a genogram, where the user may see the household (its own
    organization); None otherwise. Drawing it is a read of the members, and audited."""
    if case.household_id is None:
        return None
    if policy.grant_for(user, policy.Kind.HOUSEHOLD, case.household) is None:
        return None
    memberships = list(
        HouseholdMembership.objects.filter(household_id=case.household_id, ended_on=None)
        .select_related("person")
        .order_by("started_on", "id")
    )
    if case.person_id not in {m.person_id for m in memberships}:
        return None
    today = timezone.localdate()
    members = [
        Member(
            id=m.person_id,
            label=m.person.full_name,
            sex=_sex(m.person),
            age=age_on(m.person.birth_date, m.person.died_on or today)
            if m.person.birth_date
            else None,
            deceased=m.person.is_deceased,
            lives_with_person=not m.person.is_deceased,
        )
        for m in memberships
    ]
    relations = {m.person_id: m.relation for m in memberships}
    audit_record(
        actor=user,
        action="cases.genogram.viewed",
        subject=case,
        person_id=case.person_id,
        data={"person_ids": sorted(relations)},
    )
    genogram = from_household(members, relations, case.person_id, title="世帯のジェノグラム")
    return mark_safe(render_genogram(genogram))  # noqa: S308 - the renderer escapes all text


def case_ecomap(case: Case, team: list[TeamMember], *, person_visible: bool) -> SafeString:
    """The person at the centre and the team's organizations around them (主担当 strong). The
    person is named only for a reader who may see them."""
    nodes = [
        EcoNode(
            id=f"org-{m.organization_id}",
            label=m.organization.name,
            kind="organization",
            tie="strong" if m.is_lead else "normal",
            flow="toward",
            note=m.role,
        )
        for m in team
    ]
    label = case.person.full_name if person_visible else "本人"
    ecomap = Ecomap(person_label=label, nodes=nodes, title="支援チームのエコマップ")
    return mark_safe(render_ecomap(ecomap))  # noqa: S308 - the renderer escapes all text
