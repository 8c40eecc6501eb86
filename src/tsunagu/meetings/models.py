"""Meetings: 重層的支援会議 (consent-based) and 支援会議 (art. 106-6, confidentiality-based).

The two differ in what lets a participant see personal information:

* 重層的支援会議 — the person's consent. A participant sees a person on the agenda only where
  an active consent for 会議での共有 covers the participant's organization.
* 支援会議 — the statutory duty of confidentiality (守秘義務). A participant who has recorded
  the acknowledgment sees the information shared in that meeting, without consent; nobody
  outside the meeting's membership sees it, and tax information is never shared there.

Which records each participant may see is decided in ``tsunagu.privacy.policy``.
"""

from django.conf import settings
from django.db import models

from tsunagu.accounts.models import Organization
from tsunagu.core.models import BaseModel


class MeetingKind(models.TextChoices):
    """会議の種類."""

    COORDINATION = "coordination", "重層的支援会議"  # 本人同意に基づく情報共有
    SUPPORT = "support", "支援会議"  # 社会福祉法第106条の6。守秘義務に基づき同意なしで共有


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "開催予定"  # 日程が決まった
    HELD = "held", "開催済み"  # 会議を終えた
    CANCELLED = "cancelled", "中止"  # 開かれなかった


class AgendaPurpose(models.TextChoices):
    """議題の目的 (重層的支援会議が開かれる場面)."""

    PLAN = "plan", "プラン策定"  # 支援プランの適切性の協議
    REPLAN = "replan", "再プラン"  # プランの見直し
    CLOSE = "close", "終結"  # 支援の終結と評価
    SUSPEND = "suspend", "中断"  # 連絡が取れない等による中断
    RESOURCES = "resources", "社会資源の把握と開発"  # 地域課題の共有
    CASE_REVIEW = "review", "気になるケースの共有"  # 支援会議での情報共有


class Decision(models.TextChoices):
    """議題ごとの会議の決定."""

    APPROVED = "approved", "承認"  # 提案どおり決定
    REVISE = "revise", "修正のうえ再協議"  # 見直して次回に
    CONTINUED = "continued", "継続協議"  # 結論を持ち越し


class Meeting(BaseModel):
    """会議: one sitting of a 重層的支援会議 or a 支援会議."""

    kind = models.CharField("種類", max_length=16, choices=MeetingKind.choices)
    title = models.CharField(
        "会議名", max_length=128, help_text="個人が特定される語を含めないでください"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="主催機関", on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField("日時", db_index=True)
    place = models.CharField("場所", max_length=128, blank=True)
    online = models.BooleanField("オンライン開催", default=False)
    guests = models.CharField(
        "外部の出席者",
        max_length=255,
        blank=True,
        help_text="職員以外の出席者。例: 学校（担任）、生活保護の担当、本人",
    )
    status = models.CharField(
        "状態", max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登録者", on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.TextField("議事録", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "会議"
        verbose_name_plural = "会議"
        ordering = ["-scheduled_at", "-id"]
        indexes = [models.Index(fields=["updated_at", "id"])]  # the API lists, by last change

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"

    @property
    def is_support_meeting(self) -> bool:
        return self.kind == MeetingKind.SUPPORT


class Participant(BaseModel):
    """会議の構成員: a staff member taking part, and (支援会議) their 守秘義務 acknowledgment."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会議", on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="職員",
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    role_note = models.CharField("役割", max_length=64, blank=True, help_text="例: 司会、報告者")
    confidentiality_acknowledged_at = models.DateTimeField("守秘義務の確認日時", null=True)

    class Meta:
        verbose_name = "会議の構成員"
        verbose_name_plural = "会議の構成員"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_participation_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} / {self.user}"


class StandingMember(BaseModel):
    """支援会議の常設の構成員: staff the municipality appoints to every 支援会議 it convenes.

    Each still records their 守秘義務 acknowledgment in each meeting before seeing anything.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="職員",
        on_delete=models.PROTECT,
        related_name="standing_membership",
    )
    role_note = models.CharField("役割", max_length=64, blank=True, help_text="例: 民生委員代表")
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="任命した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "支援会議の常設構成員"
        verbose_name_plural = "支援会議の常設構成員"
        ordering = ["user__organization__name_kana", "user__username"]

    def __str__(self) -> str:
        return str(self.user)


class AgendaItem(BaseModel):
    """議題: a person's situation brought to the meeting by the organization that supports them."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会議", on_delete=models.CASCADE, related_name="agenda_items"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="本人", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="提出機関", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="事例",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    purpose = models.CharField(
        "目的", max_length=16, choices=AgendaPurpose.choices, default=AgendaPurpose.CASE_REVIEW
    )
    decision = models.CharField("決定", max_length=16, choices=Decision.choices, blank=True)
    decision_note = models.TextField("決定の内容", blank=True)
    decided_at = models.DateTimeField("決定日時", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="決定を記録した職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(
        "議題名",
        max_length=128,
        help_text="会議の中で事例を呼ぶ名前。例: 北部圏域 80代の母と50代の息子の世帯",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登録者", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "議題"
        verbose_name_plural = "議題"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="person_once_per_meeting")
        ]

    def __str__(self) -> str:
        return self.label


class SharedInformation(BaseModel):
    """会議で共有された情報: what a member told the meeting about an agenda item."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会議", on_delete=models.CASCADE, related_name="shared_information"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name="議題", on_delete=models.CASCADE, related_name="shared_information"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="共有した機関", on_delete=models.PROTECT, related_name="+"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="共有した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField("共有した内容")
    contains_tax_information = models.BooleanField("税情報を含む", default=False)

    class Meta:
        verbose_name = "会議で共有された情報"
        verbose_name_plural = "会議で共有された情報"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"


class FollowUp(BaseModel):
    """会議で決まった取り組み: lands on the responsible staff member's work list."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会議", on_delete=models.CASCADE, related_name="follow_ups"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name="議題",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    text = models.CharField("取り組み", max_length=255)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="担当職員",
        on_delete=models.PROTECT,
        related_name="meeting_follow_ups",
    )
    due_on = models.DateField("期限", null=True, blank=True)
    done_at = models.DateTimeField("完了日時", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登録者", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "会議で決まった取り組み"
        verbose_name_plural = "会議で決まった取り組み"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text
