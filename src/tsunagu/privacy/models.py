"""Audit trail (閲覧・操作記録). Personal data itself never goes into an entry."""

from django.conf import settings
from django.db import models


class Grant(models.TextChoices):
    """The ground on which a user may see a record; named in every audit entry."""

    OWN_ORGANIZATION = "own_organization", "自機関の記録"  # 自分の機関が記録したもの
    REFERRAL = "referral", "つなぎ（本人同意あり）"  # 自機関へのつなぎで共有されたもの
    CASE_TEAM = "case_team", "事例のチーム"  # 多機関協働の事例に役割を持つ機関
    MEETING = "meeting", "重層的支援会議（本人同意あり）"  # 会議の議題の事例、同意の範囲で
    SUPPORT_MEETING = "support_meeting", "支援会議（守秘義務）"  # 会議で共有された情報のみ
    EMERGENCY = "emergency", "緊急時の閲覧（生命・身体の保護）"  # 理由を記録し時間を限って
    NONE = "none", "権限なし"  # 拒否された試み


class ReviewOutcome(models.TextChoices):
    """監査担当による緊急時の閲覧の確認結果."""

    APPROPRIATE = "appropriate", "適切"  # 理由と閲覧の範囲が妥当
    INAPPROPRIATE = "inappropriate", "不適切"  # 所属長への報告が必要


class AuditEvent(models.Model):
    """One read or write of personal data, or a denied attempt. Append-only."""

    created_at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="職員",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_organization_id = models.BigIntegerField("所属機関ID", null=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    subject_type = models.CharField("記録の種類", max_length=32, blank=True)
    subject_id = models.BigIntegerField("記録ID", null=True, db_index=True)
    person_id = models.BigIntegerField("本人ID", null=True, db_index=True)
    grant = models.CharField("根拠", max_length=32, choices=Grant.choices, blank=True)
    allowed = models.BooleanField("許可", default=True)
    ip_address = models.GenericIPAddressField("IPアドレス", null=True)
    user_agent = models.CharField("ユーザーエージェント", max_length=255, blank=True)
    data = models.JSONField("補足", default=dict, blank=True)

    class Meta:
        verbose_name = "監査記録"
        verbose_name_plural = "監査記録"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class EmergencyAccess(models.Model):
    """緊急時の閲覧: opening a record no other grant allows, to protect life or body.

    Any staff member may open one with a typed reason; it lasts a limited time and every one
    waits for the auditor's review.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="職員", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="本人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("理由")
    opened_at = models.DateTimeField("開始日時", db_index=True)
    expires_at = models.DateTimeField("終了日時", db_index=True)
    reviewed_at = models.DateTimeField("確認日時", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="確認した監査担当",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_outcome = models.CharField(
        "確認結果", max_length=16, choices=ReviewOutcome.choices, blank=True
    )
    review_note = models.CharField("確認の記録", max_length=255, blank=True)

    class Meta:
        verbose_name = "緊急時の閲覧"
        verbose_name_plural = "緊急時の閲覧"
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["user", "person", "expires_at"])]

    def __str__(self) -> str:
        return f"緊急時の閲覧 #{self.pk}"
