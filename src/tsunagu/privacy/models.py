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
