"""Community building (地域づくりに向けた支援). So far: community issues (地域課題).

A community issue is about the area, never about a person: a gap in local resources found
while supporting people (e.g. "no place in the north area where young adults can spend the
day"). It holds no personal data, so every staff member may read it.
"""

from django.conf import settings
from django.db import models

from tsunagu.accounts.models import Organization
from tsunagu.core.models import Area, BaseModel


class IssueSource(models.TextChoices):
    """地域課題をどこで把握したか."""

    MEETING = "meeting", "会議"  # 重層的支援会議・支援会議での社会資源の把握
    PARTICIPATION = "participation", "参加支援"  # マッチングで資源が足りなかった
    COMMUNITY = "community", "地域づくり"  # コーディネーターや住民の気づき
    OTHER = "other", "その他"  # 相談支援・アウトリーチなど


class IssueStatus(models.TextChoices):
    OPEN = "open", "未着手"  # 記録しただけ
    WORKING = "working", "取り組み中"  # 資源の開発などを進めている
    ADDRESSED = "addressed", "対応済み"  # 新しい資源・取り組みが生まれた


class CommunityIssue(BaseModel):
    """地域課題: a shortage of social resources or a need of the area, and what answered it."""

    title = models.CharField(
        "地域課題", max_length=128, help_text="例: 北部圏域に若者が日中を過ごせる場がない"
    )
    description = models.TextField(
        "内容",
        blank=True,
        help_text="どのような場面で不足に気づいたか。個人が特定される内容は書かないでください",
    )
    area = models.ForeignKey(
        Area,
        verbose_name="圏域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="空欄は市全域",
    )
    source = models.CharField("把握した場面", max_length=16, choices=IssueSource.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="把握した会議",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_issues",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="担当機関", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状況", max_length=16, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    response = models.TextField(
        "生まれた資源・取り組み", blank=True, help_text="例: 空き店舗を使った居場所を月2回開設"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "地域課題"
        verbose_name_plural = "地域課題"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
