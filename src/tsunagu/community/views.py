from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tsunagu.community import selectors, services
from tsunagu.community.forms import CommunityIssueForm, CommunityIssueUpdateForm, IssueFilterForm
from tsunagu.community.models import IssueSource
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.feedback import flash_outcome
from tsunagu.meetings.selectors import meeting_get_for
from tsunagu.privacy.decorators import personal_data_required


@personal_data_required
def issue_list(request: HttpRequest) -> HttpResponse:
    filters = IssueFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    area = chosen.get("area")
    issues = selectors.community_issues(
        status=chosen.get("status", ""), area_id=area.pk if area else None
    )
    return render(
        request,
        "community/issue_list.html",
        {"issues": issues, "filters": filters, "nav": "community"},
    )


@personal_data_required
def issue_create(request: HttpRequest) -> HttpResponse:
    meeting_id = request.POST.get("meeting") or request.GET.get("meeting")
    meeting = None
    if meeting_id and str(meeting_id).isdigit():
        meeting = meeting_get_for(user=request.user, meeting_id=int(meeting_id))
    form = CommunityIssueForm(request.POST or None, from_meeting=meeting is not None)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            issue = services.community_issue_record(
                recorded_by=request.user,
                title=fields["title"],
                description=fields["description"],
                area=fields["area"],
                source=fields.get("source", IssueSource.MEETING),
                meeting=meeting,
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "地域課題を記録しました。")
            return redirect("community:issue_detail", issue.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "meeting": meeting, "nav": "community"}
    return render(request, "community/issue_form.html", context, status=status)


@personal_data_required
def issue_detail(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.community_issue_get(issue_id)
    form = CommunityIssueUpdateForm(
        request.POST or None,
        initial={"status": issue.status, "response": issue.response, "version": issue.version},
    )
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data

        def change() -> str:
            services.community_issue_update(
                issue=issue,
                updated_by=request.user,
                expected_version=fields["version"],
                status=fields["status"],
                response=fields["response"],
            )
            return "地域課題の状況を更新しました。"

        flash_outcome(request, change)
        return redirect("community:issue_detail", issue.pk)
    status = 400 if form.errors else 200
    context = {
        "issue": issue,
        "form": form,
        "may_update": services.may_update(issue, request.user),
        "nav": "community",
    }
    return render(request, "community/issue_detail.html", context, status=status)
