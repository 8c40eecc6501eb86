from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsunagu.notifications import services
from tsunagu.notifications.models import Notification


def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read."""
    notifications = list(Notification.objects.filter(user=request.user)[:100])
    services.mark_read(user=request.user)
    context = {"notifications": notifications, "nav": "notifications"}
    return render(request, "notifications/notification_list.html", context)
