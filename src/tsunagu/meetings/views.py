from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Role
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.feedback import flash_form_errors, flash_outcome
from tsunagu.core.pdf import pdf_response, render_pdf
from tsunagu.meetings import selectors, services
from tsunagu.meetings.forms import (
    AgendaItemForm,
    DecisionForm,
    FollowUpForm,
    MeetingForm,
    MinutesForm,
    ParticipantForm,
    ShareForm,
    StatusForm,
)
from tsunagu.meetings.models import Decision, FollowUp, StandingMember
from tsunagu.people.selectors import person_get_for
from tsunagu.privacy.decorators import personal_data_required


@personal_data_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    context = {
        "meetings": selectors.meeting_list_for(user=request.user),
        "may_host": bool(services.kinds_hosted_by(request.user)),
        "nav": "meetings",
    }
    return render(request, "meetings/meeting_list.html", context)


@personal_data_required
def standing_members(request: HttpRequest) -> HttpResponse:
    """支援会議の常設構成員: listed for everyone; appointed by the municipality."""
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def change() -> str:
            member = services.standing_member_appoint(
                appointed_by=request.user, **form.cleaned_data
            )
            return f"{member.user} さんを支援会議の常設構成員にしました。"

        flash_outcome(request, change)
        return redirect("meetings:standing_members")
    context = {
        "members": selectors.standing_members(),
        "form": form,
        "may_appoint": request.user.role == Role.MUNICIPAL_ADMIN,
        "nav": "meetings",
    }
    return render(
        request, "meetings/standing_members.html", context, status=400 if form.errors else 200
    )


@personal_data_required
@require_POST
def standing_member_release(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(StandingMember.objects.select_related("user"), pk=member_id)

    def change() -> str:
        services.standing_member_release(member=member, released_by=request.user)
        return (
            f"{member.user} さんを常設構成員から外しました。"
            "すでに招集した会議の構成員はそのままです。"
        )

    flash_outcome(request, change)
    return redirect("meetings:standing_members")


@personal_data_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    kinds = services.kinds_hosted_by(request.user)
    if not kinds:
        raise PermissionDenied
    form = MeetingForm(request.POST or None, kinds=kinds, initial={"kind": kinds[0]})
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, "会議を登録しました。構成員と議題を追加してください。")
        return redirect("meetings:detail", meeting.pk)
    status = 400 if form.errors else 200
    return render(
        request, "meetings/meeting_form.html", {"form": form, "nav": "meetings"}, status=status
    )


@personal_data_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    participants = selectors.participants_of(meeting)
    me = next((p for p in participants if p.user_id == request.user.pk), None)
    context = {
        "meeting": meeting,
        "participants": participants,
        "me": me,
        "is_host": meeting.organization_id == request.user.organization_id,
        "agenda": selectors.agenda_for(user=request.user, meeting=meeting),
        "participant_form": ParticipantForm(),
        "decisions": Decision.choices,
        "minutes_form": MinutesForm(
            initial={"minutes": meeting.minutes, "version": meeting.version}
        ),
        "follow_up_form": FollowUpForm(meeting=meeting),
        "follow_ups": selectors.follow_ups_of(meeting),
        # 地域課題 found here (community app; they hold no personal data)
        "community_issues": meeting.community_issues.select_related("area", "organization"),
        # 世帯の重なり brought by the linkage (counts, fields and a household key only), for
        # members — of a 支援会議, once they recorded the 守秘義務 acknowledgment
        "overlap_items": meeting.overlap_items.select_related("added_by")
        if me and (not meeting.is_support_meeting or me.confidentiality_acknowledged_at)
        else [],
        "nav": "meetings",
    }
    return render(request, "meetings/meeting_detail.html", context)


@personal_data_required
@require_POST
def participant_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    form = ParticipantForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("meetings:detail", meeting.pk)

    def change() -> str:
        participant = services.participant_add(
            meeting=meeting, added_by=request.user, **form.cleaned_data
        )
        return f"{participant.user} さんを構成員に追加しました。"

    flash_outcome(request, change)
    return redirect("meetings:detail", meeting.pk)


@personal_data_required
@require_POST
def acknowledge(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)

    def change() -> str:
        services.confidentiality_acknowledge(meeting=meeting, user=request.user)
        return "守秘義務の確認を記録しました。この会議で共有された情報が表示されます。"

    flash_outcome(request, change)
    return redirect("meetings:detail", meeting.pk)


@personal_data_required
@require_POST
def status_set(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    form = StatusForm(request.POST)
    if form.is_valid():

        def change() -> str:
            services.meeting_status_set(
                meeting=meeting, status=form.cleaned_data["status"], changed_by=request.user
            )
            return f"会議を「{meeting.get_status_display()}」にしました。"

        flash_outcome(request, change)
    return redirect("meetings:detail", meeting.pk)


@personal_data_required
@require_POST
def share(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.agenda_item_get_for(user=request.user, item_id=item_id)
    meeting = item.meeting
    form = ShareForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("meetings:detail", meeting.pk)

    def change() -> str:
        services.information_share(agenda_item=item, shared_by=request.user, **form.cleaned_data)
        return "会議での共有事項を記録しました。"

    flash_outcome(request, change)
    return redirect("meetings:detail", meeting.pk)


@personal_data_required
def agenda_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person, _ = person_get_for(user=request.user, person_id=person_id, write=True)
    meetings = selectors.meetings_open_for_agenda(user=request.user)
    form = AgendaItemForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_add(
                person=person, added_by=request.user, **form.cleaned_data
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"「{item.label}」を会議の議題にしました。")
            return redirect("meetings:detail", item.meeting_id)
    status = 400 if form.errors else 200
    context = {"form": form, "person": person, "meetings": meetings, "nav": "meetings"}
    return render(request, "meetings/agenda_form.html", context, status=status)


@personal_data_required
@require_POST
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.agenda_item_get_for(user=request.user, item_id=item_id)
    meeting = item.meeting
    form = DecisionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("meetings:detail", meeting.pk)

    def change() -> str:
        services.agenda_decide(item=item, decided_by=request.user, **form.cleaned_data)
        return "会議の決定を記録しました。"

    flash_outcome(request, change)
    return redirect("meetings:detail", meeting.pk)


@personal_data_required
@require_POST
def minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("meetings:detail", meeting.pk)

    def change() -> str:
        services.minutes_save(
            meeting=meeting,
            text=form.cleaned_data["minutes"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        return "議事録を保存しました。"

    flash_outcome(request, change)
    return redirect("meetings:detail", meeting.pk)


@personal_data_required
@require_POST
def follow_up_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    form = FollowUpForm(request.POST, meeting=meeting)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("meetings:detail", meeting.pk)

    def change() -> str:
        services.follow_up_add(meeting=meeting, by=request.user, **form.cleaned_data)
        return "取り組みを担当職員の仕事に加えました。"

    flash_outcome(request, change)
    return redirect("meetings:detail", meeting.pk)


@personal_data_required
@require_POST
def follow_up_done(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp, pk=follow_up_id, assignee=request.user)

    def change() -> str:
        services.follow_up_done(follow_up=follow_up, by=request.user)
        return f"「{follow_up.text}」を完了にしました。"

    flash_outcome(request, change)
    if request.POST.get("next") == "work":
        return redirect("cases:my_work")
    return redirect("meetings:detail", follow_up.meeting_id)


@personal_data_required
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting record (agenda, decisions, what the reader may see of the shared information,
    minutes and follow-ups) as an A4 PDF. Printing is audited."""
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    context = {
        "meeting": meeting,
        "participants": selectors.participants_of(meeting),
        "agenda": selectors.agenda_for(user=request.user, meeting=meeting),
        "follow_ups": selectors.follow_ups_of(meeting),
    }
    selectors.minutes_printed(user=request.user, meeting=meeting)
    pdf = render_pdf("meetings/minutes_pdf.html", context, request=request, title="会議録")
    return pdf_response(
        pdf, f"会議録_{timezone.localtime(meeting.scheduled_at):%Y%m%d}_{meeting.pk}.pdf"
    )
