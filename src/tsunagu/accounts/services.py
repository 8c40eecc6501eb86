"""Writes of staff accounts: the TOTP device behind the second login step.

Not audited here: login outcomes are recorded by the audit trail's owner (privacy), not by
these services.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.models import User

DEVICE_NAME = "tsunagu"


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of checking a code: accepted, refused, or not tried because of throttling."""

    accepted: bool
    device: TOTPDevice
    locked_until: datetime | None = None


@transaction.atomic
def totp_device_pending_get_or_create(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up; its random secret stays the same until it is
    confirmed, so reloading the setup page does not invalidate a scanned QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_token_check(*, device: TOTPDevice, token: str) -> TokenCheck:
    """Check ``token`` against ``device`` and confirm an unconfirmed device on success.

    1. The device row is locked so that two concurrent requests cannot both use one code.
    2. While django-otp's throttle is on (1, 2, 4 … seconds after successive failures) the code
       is not tried at all, and the time it lifts is returned.
    3. django-otp refuses a code at or below the last accepted time step (no replay), counts a
       failure, or records the accepted step.
    """
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    allowed, info = locked.verify_is_allowed()
    if not allowed:
        return TokenCheck(
            accepted=False, device=locked, locked_until=(info or {}).get("locked_until")
        )
    if not locked.verify_token(token):
        return TokenCheck(accepted=False, device=locked)
    if not locked.confirmed:
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
    return TokenCheck(accepted=True, device=locked)
