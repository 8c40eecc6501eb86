"""Consultation intake (相談受付), support activity records (支援経過記録) and referrals (つなぎ).

The intake follows the national standard 相談受付・申込票 of 自立相談支援, widened to any
resident whatever their age or field.
"""

from django.conf import settings
from django.db import models

from tsunagu.accounts.models import Organization
from tsunagu.core.models import BaseModel
from tsunagu.people.models import Household, Person


class IssueCategory(BaseModel):
    """課題分類: the managed catalogue of issues a consultation can be tagged with."""

    code = models.SlugField("コード", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64, unique=True)
    description = models.CharField("説明", max_length=255, blank=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)

    class Meta:
        verbose_name = "課題分類"
        verbose_name_plural = "課題分類"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """相談経路."""

    VISIT_COUNTER = "counter", "来所"  # 窓口に来た
    PHONE = "phone", "電話"  # 電話で受けた
    HOME_VISIT = "home_visit", "訪問"  # 職員が訪ねて受けた
    EMAIL = "email", "メール"  # 電子メール
    SNS = "sns", "SNS"  # SNS 相談
    AGENCY = "agency", "関係機関から"  # 他機関からの連絡・紹介
    OTHER = "other", "その他"  # 上記以外


class Housing(models.TextChoices):
    """住まいの状況."""

    OWNED = "owned", "持家"  # 持ち家
    RENTED = "rented", "借家"  # 民間賃貸
    PUBLIC = "public", "公営住宅"  # 公営・公社住宅
    COMPANY = "company", "社宅・寮"  # 勤務先の住宅
    HOMELESS = "homeless", "野宿"  # 住まいがない
    OTHER = "other", "その他"  # 施設・知人宅など
    UNKNOWN = "unknown", "不明"  # まだ聞けていない


class Consent(models.TextChoices):
    """関係機関との情報共有への本人同意. Intake without consent is allowed."""

    GIVEN = "given", "同意あり"  # 本人が関係機関との共有に同意した
    REFUSED = "refused", "同意なし"  # 本人が同意しなかった
    UNCONFIRMED = "unconfirmed", "未確認"  # まだ確認できていない


class Urgency(models.TextChoices):
    """緊急度."""

    LOW = "low", "低"  # 情報提供や見守りで足りる
    MEDIUM = "medium", "中"  # 数週間以内に対応
    HIGH = "high", "高"  # 数日以内に対応
    CRITICAL = "critical", "緊急"  # 生命・身体の危険。即日対応


class Disposition(models.TextChoices):
    """受付後の対応."""

    CONTINUE = "continue", "自機関で継続支援"  # この機関が支援を続ける
    REFER = "refer", "他機関へつなぐ"  # 別の機関につなぐ（つなぎを作成）
    COORDINATION = "coordination", "多機関協働事業へつなぐ"  # 多機関協働の機関につなぐ
    INFORMATION = "information", "情報提供で終了"  # 情報を伝えて終了


class Consultation(BaseModel):
    """相談受付: one consultation received by an organization."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="受付機関",
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    received_at = models.DateTimeField("受付日時", db_index=True)
    channel = models.CharField("相談経路", max_length=16, choices=Channel.choices)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="受付者",
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor_name = models.CharField("相談者氏名（本人以外）", max_length=64, blank=True)
    visitor_relation = models.CharField("本人との関係", max_length=64, blank=True)
    visitor_contact = models.CharField("相談者の連絡先", max_length=128, blank=True)
    person = models.ForeignKey(
        Person, verbose_name="本人", on_delete=models.PROTECT, related_name="consultations"
    )
    household = models.ForeignKey(
        Household,
        verbose_name="世帯",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    housing = models.CharField(
        "住まい", max_length=16, choices=Housing.choices, default=Housing.UNKNOWN
    )
    main_concern = models.TextField("主訴")
    wishes = models.TextField("本人の希望・思い", blank=True)
    consent = models.CharField(
        "関係機関との共有への本人同意",
        max_length=16,
        choices=Consent.choices,
        default=Consent.UNCONFIRMED,
    )
    categories = models.ManyToManyField(
        IssueCategory, verbose_name="課題分類", related_name="consultations"
    )
    urgency = models.CharField("緊急度", max_length=16, choices=Urgency.choices)
    disposition = models.CharField("対応", max_length=16, choices=Disposition.choices)
    contains_tax_information = models.BooleanField(
        "税情報を含む", default=False, help_text="他機関には、どの共有の根拠でも表示されません"
    )
    submission_token = models.UUIDField(unique=True, editable=False)

    class Meta:
        verbose_name = "相談受付"
        verbose_name_plural = "相談受付"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-received_at"]),
            models.Index(fields=["updated_at", "id"]),  # the API lists, by last change
        ]

    def __str__(self) -> str:
        return f"相談 #{self.pk}"


class ActivityKind(models.TextChoices):
    """支援経過記録の種別."""

    INTERVIEW = "interview", "面談"  # 対面での面談
    PHONE = "phone", "電話"  # 電話での支援
    VISIT = "visit", "訪問"  # 自宅等への訪問
    ACCOMPANY = "accompany", "同行"  # 窓口・受診等への同行
    MEETING = "meeting", "会議"  # ケース会議等
    OTHER = "other", "その他"  # 上記以外


class Activity(BaseModel):
    """支援経過記録: what a staff member did with or for a person."""

    organization = models.ForeignKey(
        Organization, verbose_name="記録機関", on_delete=models.PROTECT, related_name="activities"
    )
    person = models.ForeignKey(
        Person, verbose_name="本人", on_delete=models.PROTECT, related_name="activities"
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name="関連する相談",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    occurred_at = models.DateTimeField("日時", db_index=True)
    kind = models.CharField("種別", max_length=16, choices=ActivityKind.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="担当者",
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField("内容")
    contains_tax_information = models.BooleanField(
        "税情報を含む", default=False, help_text="他機関には、どの共有の根拠でも表示されません"
    )

    class Meta:
        verbose_name = "支援経過記録"
        verbose_name_plural = "支援経過記録"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["organization", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class ReferralStatus(models.TextChoices):
    """つなぎの状態. Closed loop: the sender sees what became of it."""

    SENT = "sent", "依頼中"  # 受け手の返事待ち
    ACCEPTED = "accepted", "受理"  # 受け手が引き受けた
    DECLINED = "declined", "辞退"  # 受け手が理由を添えて断った
    COMPLETED = "completed", "完了"  # 受け手が本人とつながった


class Referral(BaseModel):
    """つなぎ: a request from one organization to another to take up a person's support."""

    from_organization = models.ForeignKey(
        Organization,
        verbose_name="依頼元",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    to_organization = models.ForeignKey(
        Organization,
        verbose_name="依頼先",
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    person = models.ForeignKey(
        Person, verbose_name="本人", on_delete=models.PROTECT, related_name="referrals"
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name="元の相談",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    reason = models.TextField("依頼内容")
    status = models.CharField(
        "状態",
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        db_index=True,
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="依頼者",
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField("依頼日時")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回答者",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField("回答日時", null=True, blank=True)
    decline_reason = models.TextField("辞退の理由", blank=True)
    completed_at = models.DateTimeField("完了日時", null=True, blank=True)
    completion_note = models.TextField("完了時の記録", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "つなぎ"
        verbose_name_plural = "つなぎ"
        ordering = ["-sent_at", "-id"]
        indexes = [
            # the inbox by status; 受理待ち (home, わたしの仕事) newest first
            models.Index(fields=["to_organization", "status", "sent_at", "id"]),
            models.Index(fields=["updated_at", "id"]),  # the API lists, by last change
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_organization=models.F("to_organization")),
                name="referral_to_another_organization",
            )
        ]

    def __str__(self) -> str:
        return f"つなぎ #{self.pk}"
