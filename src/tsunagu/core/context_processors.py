from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "municipality_name": settings.TSUNAGU_MUNICIPALITY_NAME,
        "demo_mode": settings.DEMO_MODE,
    }
