"""Where the current request came from, for the audit entries written while serving it."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    user_agent: str = ""


current_origin: ContextVar[Origin | None] = ContextVar("current_origin", default=None)


class AuditOriginMiddleware:
    """Remembers the client address and user agent so that services need not pass them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_origin.set(
            Origin(
                ip_address=request.META.get("REMOTE_ADDR") or None,
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)
