"""Reads of organizations and staff. Organizations are public within the network."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tsunagu.accounts.models import Organization, User

DEMO_PASSWORD = "tsunagu-demo-2026"  # noqa: S105 - printed on purpose; demo mode only


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True).select_related("area")


def organization_get(*, organization_id: int) -> Organization:
    return get_object_or_404(Organization.objects.select_related("area"), pk=organization_id)


def demo_users() -> list[User]:
    """One demo login per role, for the login page and the demo command (demo mode only)."""
    return list(
        User.objects.filter(username__startswith="demo-", is_active=True)
        .select_related("organization")
        .order_by("id")
    )
