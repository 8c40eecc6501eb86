"""The access policy: the one place that decides who may see which personal records.

Every selector that reads personal data builds its queryset from these functions, so lists,
search, timelines, exports and detail pages obey the same rule: a record the user may not see
does not appear at all.

Grants (see ``Grant``):
* own organization — records an organization recorded itself;
* referral — the recipient of a referral the person consented to sees the person and the
  consultation it came from, while the referral is pending, accepted or completed. Without
  consent the recipient sees the referral but not who it is about.

Roles that do not work with records (auditors) see no personal data at all.
"""

from django.apps import apps
from django.db.models import Q, QuerySet

from tsunagu.accounts.models import User
from tsunagu.privacy.models import Grant

SHARING_REFERRAL_STATUSES = ("sent", "accepted", "completed")

NOTHING = Q(pk__in=[])


def _shared_referrals(user: User) -> QuerySet:
    referral_model = apps.get_model("consultations", "Referral")
    return referral_model.objects.filter(
        to_organization_id=user.organization_id,
        person_consented=True,
        status__in=SHARING_REFERRAL_STATUSES,
    )


def persons_visible(user: User) -> Q:
    if not user.sees_personal_data:
        return NOTHING
    return Q(organization_id=user.organization_id) | Q(
        pk__in=_shared_referrals(user).values("person_id")
    )


def households_visible(user: User) -> Q:
    if not user.sees_personal_data:
        return NOTHING
    return Q(organization_id=user.organization_id)


def consultations_visible(user: User) -> Q:
    if not user.sees_personal_data:
        return NOTHING
    return Q(organization_id=user.organization_id) | Q(
        pk__in=_shared_referrals(user).exclude(consultation=None).values("consultation_id")
    )


def activities_visible(user: User) -> Q:
    if not user.sees_personal_data:
        return NOTHING
    return Q(organization_id=user.organization_id)


def referrals_visible(user: User) -> Q:
    """Both ends of a referral see it; whether its person is shown is ``referral_shows_person``."""
    if not user.sees_personal_data:
        return NOTHING
    return Q(from_organization_id=user.organization_id) | Q(to_organization_id=user.organization_id)


def person_grant(user: User, person_id: int, organization_id: int) -> Grant | None:
    """The grant by which ``user`` sees the person, or None when they may not."""
    if not user.sees_personal_data:
        return None
    if organization_id == user.organization_id:
        return Grant.OWN_ORGANIZATION
    if _shared_referrals(user).filter(person_id=person_id).exists():
        return Grant.REFERRAL
    return None


def record_grant(user: User, organization_id: int) -> Grant:
    """Grant for a record already fetched through one of the ``*_visible`` filters."""
    return Grant.OWN_ORGANIZATION if organization_id == user.organization_id else Grant.REFERRAL


def referral_shows_person(user: User, referral: object) -> bool:
    """The sender always sees whom it referred; the recipient only with the person's consent."""
    if not user.sees_personal_data:
        return False
    if getattr(referral, "from_organization_id", None) == user.organization_id:
        return True
    return bool(getattr(referral, "person_consented", False))
