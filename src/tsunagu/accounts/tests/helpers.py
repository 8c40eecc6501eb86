"""Helpers for the tests of the login steps: the real password and the real code."""

import time

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.models import User
from tsunagu.accounts.tests.factories import PASSWORD
from tsunagu.accounts.totp import usable_code


def post_password(client: Client, user: User, password: str = PASSWORD, **extra: str):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": password, **extra}
    )


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return usable_code(device)


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code that is none of the codes the tolerance window accepts now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    window = set()
    for offset in range(-device.tolerance - 1, device.tolerance + 2):
        totp.time = time.time() + offset * device.step
        window.add(f"{totp.token():06d}")
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in window)
