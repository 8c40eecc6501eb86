import math
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts import selectors, services
from tsunagu.accounts.decorators import otp_not_required
from tsunagu.accounts.forms import LoginForm, OTPTokenForm
from tsunagu.accounts.models import Field, Program, User
from tsunagu.accounts.services import TokenCheck
from tsunagu.accounts.totp import qr_svg, secret_groups, usable_code
from tsunagu.core.navigation import next_page


def _demo_context() -> dict[str, object]:
    """Demo mode lists the demo logins; with TSUNAGU_DEMO_SHOW_OTP also their current codes."""
    if not settings.DEMO_MODE:
        return {}
    users = selectors.demo_users()
    codes = selectors.demo_login_codes(users) if settings.TSUNAGU_DEMO_SHOW_OTP else {}
    return {
        "demo_users": users,
        "demo_logins": [(user, codes.get(user.pk, "")) for user in users],
        "demo_show_otp": bool(codes),
        "demo_password": selectors.DEMO_PASSWORD,
    }


def _demo_code(user: User, device: TOTPDevice) -> str:
    if settings.DEMO_MODE and settings.TSUNAGU_DEMO_SHOW_OTP and user.username.startswith("demo-"):
        return usable_code(device)
    return ""


def _safe_next(request: HttpRequest) -> str:
    """Where to go after the code: a same-site ``next`` that is not a code page itself."""
    target = next_page(request)
    code_pages = (reverse("accounts:otp_verify"), reverse("accounts:otp_setup"))
    if target is None or target.startswith(code_pages):
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    return target


def _with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({'next': target})}"


def _refusal(check: TokenCheck) -> str:
    if check.locked_until is not None:
        seconds = max(1, math.ceil((check.locked_until - timezone.now()).total_seconds()))
        return (
            f"確認コードの入力に続けて失敗しました。{seconds}秒待ってからもう一度入力してください。"
        )
    return (
        "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。"
    )


def _second_factor_done(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    otp_login(request, device)
    request.session.cycle_key()  # a new session id for the now fully signed-in session
    return redirect(_safe_next(request))


class LoginView(auth_views.LoginView):
    """The password step. Success leads to the code step, never straight to a page."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return super().get_context_data(**kwargs) | _demo_context()

    def get_success_url(self) -> str:
        return _with_next(reverse("accounts:otp_verify"), super().get_success_url())


def login_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, object] | None = None,
) -> HttpResponse:
    """django-axes calls this instead of answering a locked-out login (AXES_LOCKOUT_CALLABLE)."""
    context = {
        "form": LoginForm(request),
        "next": _safe_next(request),
        "locked_out": True,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    } | _demo_context()
    return render(request, "accounts/login.html", context, status=429)


@otp_not_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """確認コードの入力: the second step for a user with a confirmed authenticator app."""
    device = selectors.totp_device_get_for(user=request.user)
    if device is None:
        return redirect(_with_next(reverse("accounts:otp_setup"), _safe_next(request)))
    if request.user.is_verified():
        return redirect(_safe_next(request))
    form = OTPTokenForm(request.POST or None)
    if form.is_valid():
        check = services.totp_token_check(device=device, token=form.cleaned_data["token"])
        if check.accepted:
            return _second_factor_done(request, check.device)
        form.add_error("token", _refusal(check))
    context = {
        "form": form,
        "next": _safe_next(request),
        "demo_code": _demo_code(request.user, device),
    }
    return render(request, "accounts/otp_verify.html", context, status=400 if form.errors else 200)


@otp_not_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """2段階認証の設定: a user without a confirmed device scans the QR code and enters a code."""
    if selectors.totp_device_get_for(user=request.user) is not None:
        return redirect(_with_next(reverse("accounts:otp_verify"), _safe_next(request)))
    device = services.totp_device_pending_get_or_create(user=request.user)
    form = OTPTokenForm(request.POST or None)
    if form.is_valid():
        check = services.totp_token_check(device=device, token=form.cleaned_data["token"])
        if check.accepted:
            messages.success(request, "2段階認証を設定しました。次回からは確認コードを入力します。")
            return _second_factor_done(request, check.device)
        form.add_error("token", _refusal(check))
    context = {
        "form": form,
        "next": _safe_next(request),
        "qr_svg": qr_svg(device),
        "secret": secret_groups(device),
    }
    return render(request, "accounts/otp_setup.html", context, status=400 if form.errors else 200)


def organization_list(request: HttpRequest) -> HttpResponse:
    """機関一覧: every staff member can find whom to refer to. No personal data."""
    organizations = selectors.organization_list()
    field = request.GET.get("field", "")
    if field in Field.values:
        organizations = [o for o in organizations if field in o.fields]
    context = {
        "organizations": organizations,
        "fields": Field.choices,
        "programs": Program.choices,
        "selected_field": field,
        "nav": "organizations",
    }
    return render(request, "accounts/organization_list.html", context)


def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    return render(
        request,
        "accounts/organization_detail.html",
        {"organization": organization, "nav": "organizations"},
    )
