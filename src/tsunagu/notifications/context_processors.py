from django.http import HttpRequest

from tsunagu.notifications.models import Notification


def unread(request: HttpRequest) -> dict[str, int]:
    """The number of unread notifications, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at=None).count()}
