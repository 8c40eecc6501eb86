"""Audit trail (閲覧・操作記録). Personal data itself never goes into an entry.

The trail is append-only and tamper-evident: each entry carries a sequence number, the hash of
the entry before it and its own hash (see ``chain.py``). Appends go through
``services.audit_record`` only; the model and its queryset refuse updates and deletes.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit entry through the ORM."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("監査記録は追記のみです。変更・削除はできません。")


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


# How a person's access log names what was done; other codes are shown as they are.
ACTION_LABELS = {
    "people.person.viewed": "本人の記録を閲覧",
    "people.person.listed": "一覧・検索に表示",
    "people.person.denied": "本人の記録の閲覧を拒否",
    "people.person.created": "本人を登録",
    "people.person.updated": "本人の情報を更新",
    "consultations.consultation.viewed": "相談記録を閲覧",
    "consultations.consultation.created": "相談を受付",
    "consultations.timeline.viewed": "経過を閲覧",
    "consultations.activity.created": "支援経過を記録",
    "consultations.referral.viewed": "つなぎを閲覧",
    "consultations.referral.sent": "つなぎを送付",
    "people.person.exported": "CSVに出力",
    "consents.consent.recorded": "本人同意を記録",
    "consents.consent.withdrawn": "本人同意の撤回を記録",
    "consents.consent.viewed": "本人同意を閲覧",
    "consents.evidence.downloaded": "同意書の写しをダウンロード",
    "meetings.agenda.added": "会議の議題に追加",
    "meetings.information.shared": "会議で情報を共有",
    "privacy.emergency.searched": "緊急時の閲覧で検索",
    "privacy.emergency.opened": "緊急時の閲覧を開始",
    "privacy.emergency.reviewed": "緊急時の閲覧を監査担当が確認",
    "privacy.page.denied": "画面の表示を拒否",
    "privacy.access_log.viewed": "閲覧記録を確認",
    "privacy.access_log.denied": "閲覧記録の確認を拒否",
}


class AuditEventQuerySet(models.QuerySet):
    """Refuses bulk writes that bypass the chain: entries are only ever appended one by one."""

    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    bulk_create = _refuse
    update_or_create = _refuse


class AuditEvent(models.Model):
    """One read or write of personal data, or a denied attempt. Append-only, hash-chained."""

    sequence = models.BigIntegerField("連番", unique=True)
    previous_hash = models.CharField("直前の記録のハッシュ", max_length=64)
    entry_hash = models.CharField("ハッシュ", max_length=64)
    created_at = models.DateTimeField("日時", default=timezone.now, db_index=True)
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

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "監査記録"
        verbose_name_plural = "監査記録"
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def is_emergency(self) -> bool:
        return self.grant == Grant.EMERGENCY


class AuditChainHead(models.Model):
    """The single row every append updates first: the UPDATE's row lock serializes appends, so
    the chain never forks, and it remembers the last sequence and hash, so that the removal of
    the newest entries is detected too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField("最後の連番", default=0)
    last_hash = models.CharField("最後のハッシュ", max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "監査記録チェーンの先頭"
        verbose_name_plural = "監査記録チェーンの先頭"

    def __str__(self) -> str:
        return f"{self.sequence} {self.last_hash[:12]}"


class AuditPersonIndex(models.Model):
    """The persons an entry concerns: its ``person_id`` and, for lists and timelines, the
    persons they showed (``data["ids"]``, ``data["person_ids"]``). A person's access log is one
    indexed join on both databases. Derived from the chained entries; the chain, not this
    table, is the record."""

    # No database constraint: the index must not stand in the way of what the chain detects.
    event = models.ForeignKey(
        AuditEvent, on_delete=models.DO_NOTHING, related_name="person_index", db_constraint=False
    )
    person_id = models.BigIntegerField("本人ID", db_index=True)

    class Meta:
        verbose_name = "監査記録の本人索引"
        verbose_name_plural = "監査記録の本人索引"
        constraints = [
            models.UniqueConstraint(fields=["event", "person_id"], name="audit_person_index_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.person_id}"


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
