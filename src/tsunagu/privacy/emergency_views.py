"""Pages of 緊急時の閲覧: opening a record to protect life or body, and the auditor's review."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.feedback import flash_outcome
from tsunagu.core.forms import GuardedForm, JapaneseDateField
from tsunagu.privacy import emergency
from tsunagu.privacy.decorators import auditor_required, personal_data_required
from tsunagu.privacy.models import EmergencyAccess, ReviewOutcome

REASON_TOO_SHORT = f"理由を{emergency.MIN_REASON_LENGTH}文字以上で具体的に入力してください。"


class EmergencySearchForm(GuardedForm):
    reason = forms.CharField(
        label="理由（生命・身体の保護のために必要な事情）",
        min_length=emergency.MIN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "理由を入力してください。",
            "min_length": REASON_TOO_SHORT,
        },
        help_text=(
            "監査担当が後で確認します。例: 本人宅で倒れている可能性があり、"
            "救急要請のため持病と緊急連絡先を確認する"
        ),
    )
    birth_date = JapaneseDateField(
        label="生年月日（分かれば）",
        required=False,
        help_text="同姓同名の人を見分けるために使います",
    )
    q = forms.CharField(
        label="氏名またはフリガナ",
        min_length=2,
        error_messages={
            "required": "氏名またはフリガナを入力してください。",
            "min_length": "2文字以上で入力してください。",
        },
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="確認結果", choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="確認の記録", required=False, max_length=255)


@personal_data_required
def emergency_search(request: HttpRequest) -> HttpResponse:
    form = EmergencySearchForm(request.POST or None)
    candidates = None
    if request.method == "POST" and form.is_valid():
        candidates = emergency.emergency_candidates_for(
            user=request.user,
            query=form.cleaned_data["q"],
            birth_date=form.cleaned_data["birth_date"],
        )
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "candidates": candidates,
        "hours": settings.TSUNAGU_EMERGENCY_ACCESS_HOURS,
        "nav": "people",
    }
    return render(request, "privacy/emergency_search.html", context, status=status)


@personal_data_required
@require_POST
def emergency_open(request: HttpRequest) -> HttpResponse:
    try:
        access = emergency.emergency_open(
            user=request.user,
            person_id=int(request.POST.get("person", "0") or 0),
            reason=request.POST.get("reason", ""),
        )
    except (InvalidTransition, ValueError) as error:
        messages.error(request, getattr(error, "message", "記録を開けませんでした。"))
        return redirect("emergency:search")
    messages.warning(
        request,
        f"緊急時の閲覧として記録を開きました（{access.expires_at:%H:%M} まで）。"
        "この閲覧は監査担当が確認します。",
    )
    return redirect("people:detail", access.person_id)


@auditor_required
def emergency_reviews(request: HttpRequest) -> HttpResponse:
    pending_only = request.GET.get("all") != "1"
    accesses = emergency.emergency_reviews_for(user=request.user, pending_only=pending_only)
    context = {
        "accesses": accesses,
        "pending_only": pending_only,
        "form": ReviewForm(),
        "nav": "emergency",
    }
    return render(request, "privacy/emergency_reviews.html", context)


@auditor_required
@require_POST
def emergency_review(request: HttpRequest, access_id: int) -> HttpResponse:
    access = get_object_or_404(EmergencyAccess, pk=access_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "確認結果を選んでください。")
        return redirect("emergency:reviews")

    def change() -> str:
        emergency.emergency_review(access=access, reviewed_by=request.user, **form.cleaned_data)
        return f"緊急時の閲覧 #{access.pk} の確認を記録しました。"

    flash_outcome(request, change)
    return redirect("emergency:reviews")
