"""Reads of organizations and staff. Organizations are public within the network."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.models import Organization, User
from tsunagu.accounts.totp import usable_code

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


def demo_login_codes(users: list[User]) -> dict[int, str]:
    """The code each demo user can type now, by user id (demo mode with codes shown only)."""
    devices = TOTPDevice.objects.filter(
        user__in=[u for u in users if u.username.startswith("demo-")], confirmed=True
    )
    return {device.user_id: usable_code(device) for device in devices}


def totp_device_get_for(*, user: User) -> TOTPDevice | None:
    """The user's confirmed TOTP device, or None while they have not set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
