from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tsunagu.api.models import ApiToken
from tsunagu.privacy.decorators import personal_data_required
from tsunagu.privacy.services import audit_record


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途",
        max_length=64,
        help_text="例: 住民記録システムとの同期",
        error_messages={"required": "用途を入力してください。"},
    )


@personal_data_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The staff member's own API tokens; a new one is shown once."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
        audit_record(actor=request.user, action="api.token.issued", subject=token)
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
            "nav": "",
        },
        status=400 if form.errors else 200,
    )


@personal_data_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, revoked_at__isnull=True)
    token.revoke()
    audit_record(actor=request.user, action="api.token.revoked", subject=token)
    messages.success(request, f"トークン「{token.name}」を失効させました。")
    return redirect("api_tokens")
