"""Sending notifications: in the app always, by e-mail when the site has a mail server."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.notifications.models import Notification


def notify(*, user: User, text: str, url: str, key: str) -> Notification | None:
    """Notify ``user`` once per ``key`` (e.g. a kind of reminder and a date); None when this
    notification was already given. ``text`` must not name a person: the app shows details."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(user=user, text=text, url=url, key=key)
    except IntegrityError:
        return None
    if settings.TSUNAGU_NOTIFY_BY_EMAIL and user.email:
        link = f"{settings.TSUNAGU_SITE_URL}{url}" if settings.TSUNAGU_SITE_URL else url
        send_mail(
            subject=f"[tsunagu] {text}",
            message=f"{text}\n\ntsunagu で確認してください: {link}\n",
            from_email=None,
            recipient_list=[user.email],
        )
    return notification


def mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
