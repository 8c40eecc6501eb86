"""Test clients that log in the way a real user ends up logged in."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.models import User

MODEL_BACKEND = "tsunagu.accounts.backends.ModelBackend"


def confirmed_device(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="tsunagu", confirmed=True)


class VerifiedClient(Client):
    """``force_login`` gives a session past both login steps: password and one-time code.

    Tests of other features use it through the ``client`` fixture; tests of the login steps
    themselves post the real password and code instead.
    """

    def force_login(self, user: User, backend: str | None = None) -> None:
        super().force_login(user, backend or MODEL_BACKEND)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
        session.save()


class PasswordOnlyClient(Client):
    """``force_login`` gives a session after the password step only (no code yet)."""

    def force_login(self, user: User, backend: str | None = None) -> None:
        super().force_login(user, backend or MODEL_BACKEND)
