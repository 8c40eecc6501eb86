"""事例: a complex household case escalated to 多機関協働, its team and its status history.

A case covers a person and their household. The coordinating organization records it; the
lead organization (主担当) and the other team members each have a written role (役割分担).
Team membership is an access grant (``Grant.CASE_TEAM``), under the person's consent for
支援チームでの共有 — decided in ``tsunagu.privacy.policy``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tsunagu.accounts.models import Organization
from tsunagu.core.models import BaseModel


class CaseStatus(models.TextChoices):
    """事例の状態 (the guidance's support flow)."""

    RECEIVED = "received", "受付"  # 多機関協働として受け付けた
    ASSESSMENT = "assessment", "アセスメント"  # 状況と課題を整理している
    PLANNING = "planning", "プラン策定"  # 支援プランを作っている
    SUPPORT = "support", "支援中"  # 承認されたプランで支援している
    MONITORING = "monitoring", "モニタリング"  # プランの実施状況を確認している
    REPLANNING = "replanning", "再プラン"  # プランを見直している
    CLOSED = "closed", "終結"  # 支援を終えた
    SUSPENDED = "suspended", "中断"  # 連絡が取れないなどで止まっている
    RETURNED = "returned", "包括的相談支援へ戻す"  # 元の機関が主担当に戻った


class Case(BaseModel):
    """事例: one person's (and household's) multi-agency case."""

    organization = models.ForeignKey(
        Organization, verbose_name="多機関協働の機関", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="本人", on_delete=models.PROTECT, related_name="cases"
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name="世帯",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(
        "事例名", max_length=128, help_text="例: 8050 世帯の生活と就労の支援（氏名は入れない）"
    )
    original_organization = models.ForeignKey(
        Organization,
        verbose_name="つないだ機関",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="包括的相談支援へ戻すときの主担当",
    )
    lead_organization = models.ForeignKey(
        Organization, verbose_name="主担当機関", on_delete=models.PROTECT, related_name="+"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="担当の多機関協働職員",
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状態", max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    consultations = models.ManyToManyField(
        "consultations.Consultation", verbose_name="関連する相談", blank=True, related_name="cases"
    )
    support_decided_at = models.DateTimeField("支援決定日時", null=True, blank=True)
    support_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="支援決定をした職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField("受付日時", default=timezone.now)
    closed_at = models.DateTimeField("終了日時", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "事例"
        verbose_name_plural = "事例"
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["updated_at", "id"]),  # the API lists, by last change
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in (CaseStatus.CLOSED, CaseStatus.RETURNED)


class TeamMemberQuerySet(models.QuerySet):
    def active(self) -> "TeamMemberQuerySet":
        """Members still on the team of a case that is still open."""
        return self.filter(left_at__isnull=True).exclude(
            case__status__in=(CaseStatus.CLOSED, CaseStatus.RETURNED)
        )


class TeamMember(BaseModel):
    """支援チームの構成: an organization (and optionally its staff member) with its role."""

    case = models.ForeignKey(
        Case, verbose_name="事例", on_delete=models.CASCADE, related_name="team"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="機関", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="担当職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField("役割分担", max_length=255)
    is_lead = models.BooleanField("主担当", default=False)
    left_at = models.DateTimeField("離脱日時", null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "支援チームの構成機関"
        verbose_name_plural = "支援チームの構成機関"
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organization"],
                condition=Q(left_at__isnull=True),
                name="one_current_membership_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} / {self.organization}"


class Transition(models.Model):
    """状態の変更: who moved the case from what to what, when and why."""

    case = models.ForeignKey(
        Case, verbose_name="事例", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("変更前", max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField("変更後", max_length=16, choices=CaseStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="変更した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("日時", default=timezone.now)
    reason = models.TextField("理由")

    class Meta:
        verbose_name = "事例の状態の変更"
        verbose_name_plural = "事例の状態の変更"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_status} → {self.to_status}"


class Assessment(models.Model):
    """アセスメント, one version: each save keeps the earlier ones, so changes can be compared."""

    case = models.ForeignKey(
        Case, verbose_name="事例", on_delete=models.CASCADE, related_name="assessments"
    )
    number = models.PositiveIntegerField("版")
    person_situation = models.TextField("本人の状況")
    household_situation = models.TextField("世帯の状況", blank=True)
    issues = models.ManyToManyField(
        "consultations.IssueCategory", verbose_name="課題", blank=True, related_name="+"
    )
    issues_note = models.TextField("課題の整理", blank=True)
    strengths = models.TextField("強み", blank=True)
    wishes = models.TextField("本人の希望・思い", blank=True)
    involvement = models.TextField("関係機関の関わり", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="記録者", on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField("記録日時", default=timezone.now)

    TEXT_FIELDS = (
        "person_situation",
        "household_situation",
        "issues_note",
        "strengths",
        "wishes",
        "involvement",
    )

    class Meta:
        verbose_name = "アセスメント"
        verbose_name_plural = "アセスメント"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_assessment_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.case} アセスメント 第{self.number}版"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "案"  # 会議の承認前
    APPROVED = "approved", "承認済み"  # 重層的支援会議で承認された
    SUPERSEDED = "superseded", "以前の版"  # 新しい版が承認された


class Plan(models.Model):
    """支援プラン, one version; it becomes the active plan once a 重層的支援会議 approves it."""

    case = models.ForeignKey(
        Case, verbose_name="事例", on_delete=models.CASCADE, related_name="plans"
    )
    number = models.PositiveIntegerField("版")
    goal_long = models.TextField("本人の目標（長期）", help_text="本人の言葉で")
    goal_short = models.TextField("本人の目標（短期）", help_text="本人の言葉で")
    policy = models.TextField("支援方針")
    participation = models.TextField(
        "本人の参加",
        help_text="本人がどのようにプラン作りに関わったか（例: 面談で目標を本人が決めた）",
    )
    monitoring_on = models.DateField("モニタリング予定日")
    status = models.CharField(
        "状態", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name="承認した会議の議題",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="記録者", on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField("記録日時", default=timezone.now)

    TEXT_FIELDS = ("goal_long", "goal_short", "policy", "participation")

    class Meta:
        verbose_name = "支援プラン"
        verbose_name_plural = "支援プラン"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_plan_per_number")
        ]
        indexes = [
            # わたしの仕事: approved plans by monitoring date, the most overdue first
            models.Index(fields=["status", "monitoring_on", "id"], name="plan_monitoring_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} 支援プラン 第{self.number}版"


class ActionStatus(models.TextChoices):
    TODO = "todo", "未着手"  # これから
    DOING = "doing", "実施中"  # 取り組んでいる
    DONE = "done", "完了"  # 終えた


class PlanAction(models.Model):
    """プランの取り組み: what, by which organization (and staff), by when, how far along."""

    plan = models.ForeignKey(
        Plan, verbose_name="支援プラン", on_delete=models.CASCADE, related_name="actions"
    )
    what = models.CharField("取り組み", max_length=255)
    organization = models.ForeignKey(
        Organization, verbose_name="担当機関", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="担当職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField("期限", null=True, blank=True)
    status = models.CharField(
        "状況", max_length=16, choices=ActionStatus.choices, default=ActionStatus.TODO
    )

    class Meta:
        verbose_name = "プランの取り組み"
        verbose_name_plural = "プランの取り組み"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.what


class GoalOutcome(models.TextChoices):
    REACHED = "reached", "達成"  # 目標に届いた
    PARTLY = "partly", "一部達成"  # 一部に届いた
    NOT_REACHED = "not_reached", "未達成"  # 届かなかった


class Evaluation(models.Model):
    """終結時の評価: were the goals reached, and is follow-up needed."""

    case = models.OneToOneField(
        Case, verbose_name="事例", on_delete=models.CASCADE, related_name="evaluation"
    )
    outcome = models.CharField("目標の達成", max_length=16, choices=GoalOutcome.choices)
    comments = models.TextField("評価")
    follow_up_needed = models.BooleanField("終結後の見守り・フォローが必要", default=False)
    follow_up_note = models.TextField("フォローの内容", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="記録者", on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField("記録日時", default=timezone.now)

    class Meta:
        verbose_name = "終結時の評価"
        verbose_name_plural = "終結時の評価"

    def __str__(self) -> str:
        return f"{self.case} の評価"
