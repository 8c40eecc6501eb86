"""地域づくり in the demo: community issues (地域課題) found in the meetings and in participation
support, one already answered by a new place. Written after ``coordination``; rows are created
directly and not audited, like the rest of the generated history (see ``records``)."""

from datetime import timedelta

from tsunagu.community.models import CommunityIssue, IssueSource, IssueStatus
from tsunagu.core.models import Area
from tsunagu.demo.directory import Staff
from tsunagu.demo.plans import Context
from tsunagu.meetings.models import Meeting

# title, description, area, source, meeting title (or None), recorder, status, response
ISSUES = (
    (
        "北部圏域に、家族を介護する人が気軽に話せる集いの場が少ない",
        "8050の世帯の協議で、介護している家族が相談先を知らず、地域で孤立しがちなことが"
        "共有された。平日の日中に集まれる場は圏域に1か所だけ。",
        "north",
        IssueSource.MEETING,
        "重層的支援会議 定例会（北部・中部圏域）",
        "demo-coordinator",
        IssueStatus.WORKING,
        "地区社協と、公民館での介護者サロンの開設を相談中。",
    ),
    (
        "東部圏域で、子どもが朝や放課後に食事をとれる場がない",
        "支援会議で、朝食をとらずに登校する子どもへの見守りを協議した際、"
        "圏域に子ども食堂がないことが分かった。",
        "east",
        IssueSource.MEETING,
        "支援会議（東部圏域）",
        "demo-children",
        IssueStatus.OPEN,
        "",
    ),
    (
        "中部圏域に、外出に不安のある若者が少人数で働ける体験先が少ない",
        "参加支援のマッチングで、週1〜2回・短時間から始められる就労体験先が見つからなかった。",
        "central",
        IssueSource.PARTICIPATION,
        None,
        "demo-participation",
        IssueStatus.ADDRESSED,
        "商店街の空き店舗を使い、NPOが週2回の就労体験カフェを開設した（定員4名）。",
    ),
)


def save_community(ctx: Context, staff: Staff) -> None:
    areas = {area.code: area for area in Area.objects.all()}
    for title, text, area, source, meeting_title, username, status, response in ISSUES:
        recorder = staff.demo[username]
        meeting = Meeting.objects.get(title=meeting_title) if meeting_title else None
        at = (meeting.scheduled_at if meeting else ctx.now - timedelta(days=40)) + timedelta(
            hours=2
        )
        issue = CommunityIssue.objects.create(
            title=title,
            description=text,
            area=areas.get(area),
            source=source,
            meeting=meeting,
            organization_id=recorder.organization_id,
            status=status,
            response=response,
            recorded_by=recorder,
        )
        CommunityIssue.objects.filter(pk=issue.pk).update(created_at=at, updated_at=at)
