"""The second login step and the idle-session message, enforced for every view.

Rules:
* A user who gave the password but no one-time code reaches only views marked
  ``otp_not_required`` (login, code setup and entry, logout, language). Every other view
  redirects to code entry, or to setup when the user has no confirmed device yet.
* htmx requests get ``401`` with ``HX-Redirect`` instead of a redirected page, so a fragment
  never shows the login or code page in place of search results.
* A request whose session cookie names a session that no longer exists (it expired after
  ``TSUNAGU_SESSION_IDLE_MINUTES`` idle) gets a message that the login page shows.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse

from tsunagu.accounts.selectors import totp_device_get_for

SESSION_EXPIRED_MESSAGE = (
    "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。"
)


def _with_next(url: str, request: HttpRequest) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


def _htmx_redirect(url: str) -> HttpResponse:
    response = HttpResponse(status=401)
    response["HX-Redirect"] = url
    return response


class SecondFactorRequiredMiddleware:
    """Sits after django-otp's OTPMiddleware and before Django's LoginRequiredMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            if getattr(view_func, "login_required", True) and request.headers.get("HX-Request"):
                return _htmx_redirect(_with_next(resolve_url(settings.LOGIN_URL), request))
            return None  # LoginRequiredMiddleware sends the browser to the login page
        if user.is_verified() or not getattr(view_func, "otp_required", True):
            return None
        step = "accounts:otp_verify" if totp_device_get_for(user=user) else "accounts:otp_setup"
        url = _with_next(reverse(step), request)
        if request.headers.get("HX-Request"):
            return _htmx_redirect(url)
        return redirect(url)


class SessionExpiredMiddleware:
    """Sits after MessageMiddleware, so that the message survives the redirect to login."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A deleted cookie (after logout) comes back empty, an unknown one is not loaded.
        had_session = bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        if (
            had_session
            and not request.user.is_authenticated
            and request.session.session_key is None
        ):
            messages.warning(request, SESSION_EXPIRED_MESSAGE)
        return self.get_response(request)
