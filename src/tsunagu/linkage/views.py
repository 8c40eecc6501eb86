from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.tasks import TaskResultStatus
from django.views.decorators.http import require_POST

from tsunagu.core.feedback import flash_form_errors, flash_outcome
from tsunagu.linkage import selectors, services, tasks
from tsunagu.linkage.models import MatchCandidate, Verdict
from tsunagu.privacy import policy
from tsunagu.privacy.decorators import permitted

reviewers_only = permitted(
    policy.reviews_linkage, "名寄せ pages are for the 多機関協働 coordinators and the municipality."
)


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(
        label="判断",
        choices=[(v, label) for v, label in Verdict.choices if v != Verdict.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "判断を選んでください。"},
    )
    note = forms.CharField(label="メモ（任意）", max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


@reviewers_only
def overlaps(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "linkage/overlaps.html",
        {
            "overlaps": selectors.overlaps(user=request.user),
            "meeting": services.next_support_meeting(),
            "last_run": selectors.last_run(),
            "queued_run": selectors.queued_run(),
            "counts": selectors.verdict_counts(),
            "nav": "linkage",
        },
    )


@reviewers_only
def review(request: HttpRequest) -> HttpResponse:
    verdict = request.GET.get("verdict", Verdict.PENDING)
    if verdict not in Verdict.values:
        verdict = Verdict.PENDING
    return render(
        request,
        "linkage/review.html",
        {
            "rows": selectors.candidates(user=request.user, verdict=verdict),
            "verdict": verdict,
            "verdicts": Verdict.choices,
            "counts": selectors.verdict_counts(),
            "decision_choices": DecisionForm.base_fields["verdict"].choices,
            "nav": "linkage",
        },
    )


@reviewers_only
@require_POST
def decide(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = get_object_or_404(MatchCandidate, pk=candidate_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("linkage:review")

    def change() -> str:
        decided = services.candidate_decide(
            candidate=candidate,
            verdict=form.cleaned_data["verdict"],
            note=form.cleaned_data["note"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        return f"「{decided.get_verdict_display()}」と記録しました。"

    flash_outcome(request, change)
    return redirect("linkage:review")


@reviewers_only
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    """Queue a 名寄せ run for the worker (a few minutes at 100,000 persons); where no worker
    runs (the demo, the immediate backend) it has run when ``enqueue`` returns."""
    queued = selectors.queued_run()
    if queued is not None and queued.status == TaskResultStatus.READY:
        # the waiting run will read every record as it is when it starts
        messages.info(request, "名寄せはすでに実行を待っています。")
        return redirect("linkage:overlaps")
    result = tasks.link_persons.enqueue(started_by_id=request.user.pk)
    if result.status == TaskResultStatus.SUCCESSFUL:
        counts = result.return_value
        messages.success(
            request,
            f"名寄せを実行しました（{counts['records']}件の記録、"
            f"新しい確認候補 {counts['new_candidates']}件）。",
        )
    elif result.status == TaskResultStatus.FAILED:
        messages.error(request, "名寄せを実行できませんでした。システム管理者に連絡してください。")
    else:
        messages.success(request, "名寄せの実行を受け付けました。")
    return redirect("linkage:overlaps")


@reviewers_only
@require_POST
def to_agenda(request: HttpRequest) -> HttpResponse:
    overlap = selectors.overlap_of(
        user=request.user, household_key=request.POST.get("household_key", "")
    )
    if overlap is None:
        messages.error(
            request, "この世帯の重なりは見つかりません。名寄せをもう一度実行してください。"
        )
        return redirect("linkage:overlaps")

    def change() -> str:
        item = services.overlap_to_agenda(
            household_key=overlap.household_key, summary=overlap.summary, by=request.user
        )
        return f"{item.meeting.title} の議題に {item.household_key} を載せました。"

    flash_outcome(request, change)
    return redirect("linkage:overlaps")
