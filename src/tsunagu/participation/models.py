"""Participation support (参加支援) and the social resource directory (社会資源).

A ``Resource`` is a place where someone can take part — a work experience at a shop, a farm, a
居場所, a facility's empty room — described in the terms of the Open Referral Human Services
Data Specification (organization, service, location, schedule, eligibility, capacity,
contact; see ``hsds``) and extended with what participation support needs: the host type, the
categories, the accommodations it offers and its open slots. Resources are not personal data:
every staff member may search them.

A ``Profile`` holds what a person needs and wishes (本人のニーズ); ``matching`` ranks resources
for it with the reasons. A ``Placement`` follows the person at a resource: 提案 → 見学 → 体験 →
定着 → 終了 / 中断, with follow-ups with the person (定着支援) and with the host (受け入れ先支援).
Profiles and placements belong to the organization that supports the person; what others may see
is decided in ``tsunagu.privacy.policy``.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models

from tsunagu.accounts.models import Organization
from tsunagu.core.choices import labels_of
from tsunagu.core.models import Area, BaseModel
from tsunagu.participation.vocabulary import (
    Accommodation,
    Category,
    HostType,
    TimeSlot,
    Weekday,
)


def schedule_of(days: list[str], time_slots: list[str]) -> str:
    return "・".join(p for p in (labels_of(days, Weekday), labels_of(time_slots, TimeSlot)) if p)


class ResourceStatus(models.TextChoices):
    ACTIVE = "active", "受け入れ中"
    PAUSED = "paused", "休止中"


class Resource(BaseModel):
    """社会資源: a service at a place where someone can take part (an HSDS service with its
    organization, location, schedule and contact)."""

    hsds_id = models.UUIDField("HSDS ID", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("名称", max_length=128)
    description = models.TextField("内容", blank=True)
    host_name = models.CharField("受け入れ先", max_length=128, help_text="例: 農園みどりの丘")
    host_type = models.CharField("受け入れ先の種類", max_length=24, choices=HostType.choices)
    categories = models.JSONField("種類", default=list, help_text="Category の値のリスト")
    accommodations = models.JSONField("配慮", default=list, help_text="Accommodation の値のリスト")
    keywords = models.CharField(
        "キーワード", max_length=255, blank=True, help_text="例: 野菜、接客なし、パソコン"
    )
    area = models.ForeignKey(
        Area, verbose_name="圏域", null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField("所在地", max_length=255, blank=True)
    days = models.JSONField("曜日", default=list, help_text="Weekday の値のリスト")
    time_slots = models.JSONField("時間帯", default=list, help_text="TimeSlot の値のリスト")
    schedule_note = models.CharField(
        "日時の補足", max_length=128, blank=True, help_text="例: 月・水 10時〜12時"
    )
    eligibility = models.CharField(
        "対象", max_length=255, blank=True, help_text="例: 18歳以上。体験は1回2時間から"
    )
    capacity = models.PositiveSmallIntegerField(
        "受け入れ人数", default=1, help_text="同時に受け入れられる人数"
    )
    contact_name = models.CharField("連絡先の担当者", max_length=64, blank=True)
    phone = models.CharField("電話番号", max_length=32, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    url = models.URLField("ウェブサイト", blank=True)
    status = models.CharField(
        "状況", max_length=16, choices=ResourceStatus.choices, default=ResourceStatus.ACTIVE
    )
    managed_by = models.ForeignKey(
        Organization,
        verbose_name="登録機関",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    developed_for = models.ForeignKey(
        "community.CommunityIssue",
        verbose_name="応えた地域課題",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "社会資源"
        verbose_name_plural = "社会資源"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["updated_at", "id"])]  # the API lists, by last change

    def __str__(self) -> str:
        return self.name

    @property
    def category_labels(self) -> str:
        return labels_of(self.categories, Category)

    @property
    def accommodation_labels(self) -> str:
        return labels_of(self.accommodations, Accommodation)

    @property
    def schedule_labels(self) -> str:
        return schedule_of(self.days, self.time_slots) or "要相談"


class Transport(models.TextChoices):
    WALK = "walk", "徒歩・自転車（近所のみ）"
    PUBLIC = "public", "公共交通"
    CAR = "car", "車"
    NEEDS_PICKUP = "pickup", "送迎が必要"


class Level(models.TextChoices):
    NONE = "none", "なし"
    SOME = "some", "ややある"
    STRONG = "strong", "強い"


class Stamina(models.TextChoices):
    LOW = "low", "短時間なら"
    MEDIUM = "medium", "半日程度"
    HIGH = "high", "一日でも"


class Profile(BaseModel):
    """本人のニーズ: what the person hopes for and what they need, for matching."""

    person = models.OneToOneField(
        "people.Person",
        verbose_name="本人",
        on_delete=models.PROTECT,
        related_name="participation_profile",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="支援機関", on_delete=models.PROTECT, related_name="+"
    )
    interests = models.CharField(
        "興味・関心", max_length=255, blank=True, help_text="例: 野菜づくり、パソコン、猫"
    )
    interest_categories = models.JSONField("関心のある活動", default=list)
    strengths = models.TextField("得意なこと・強み", blank=True)
    wishes = models.TextField("本人の希望・思い", blank=True, help_text="本人の言葉で")
    goal = models.CharField("目標", max_length=255, blank=True)
    days = models.JSONField("通える曜日", default=list)
    time_slots = models.JSONField("通える時間帯", default=list)
    transport = models.CharField("移動手段", max_length=16, choices=Transport.choices)
    stamina = models.CharField(
        "体力", max_length=16, choices=Stamina.choices, default=Stamina.MEDIUM
    )
    anxiety_with_people = models.CharField(
        "人と接することへの不安", max_length=16, choices=Level.choices, default=Level.NONE
    )
    areas = models.ManyToManyField(Area, verbose_name="通える圏域", blank=True)
    needs = models.JSONField("必要な配慮", default=list, help_text="Accommodation の値のリスト")
    avoid = models.CharField(
        "避けたいこと", max_length=255, blank=True, help_text="例: 大きな音、電話応対"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "参加支援のニーズ"
        verbose_name_plural = "参加支援のニーズ"

    def __str__(self) -> str:
        return f"{self.person} のニーズ"

    @property
    def interest_labels(self) -> str:
        return labels_of(self.interest_categories, Category)

    @property
    def needs_labels(self) -> str:
        return labels_of(self.needs, Accommodation)

    @property
    def schedule_labels(self) -> str:
        return schedule_of(self.days, self.time_slots) or "いつでも"


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", "提案"
    VISIT = "visit", "見学"
    TRIAL = "trial", "体験"
    SETTLED = "settled", "定着"
    ENDED = "ended", "終了"
    SUSPENDED = "suspended", "中断"


# Statuses that hold one of the resource's slots.
OCCUPYING = (PlacementStatus.TRIAL, PlacementStatus.SETTLED)
OPEN_STATUSES = (
    PlacementStatus.PROPOSED,
    PlacementStatus.VISIT,
    PlacementStatus.TRIAL,
    PlacementStatus.SETTLED,
)


class Placement(BaseModel):
    """A person at a resource, from the proposal on."""

    person = models.ForeignKey(
        "people.Person", verbose_name="本人", on_delete=models.PROTECT, related_name="placements"
    )
    resource = models.ForeignKey(
        Resource, verbose_name="社会資源", on_delete=models.PROTECT, related_name="placements"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="支援機関", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "段階", max_length=16, choices=PlacementStatus.choices, default=PlacementStatus.PROPOSED
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="担当職員",
        on_delete=models.PROTECT,
        related_name="+",
    )
    next_follow_up_on = models.DateField("次のフォローアップ", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "参加支援の利用"
        verbose_name_plural = "参加支援の利用"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["updated_at", "id"])]  # the API lists, by last change

    def __str__(self) -> str:
        return f"{self.person} @ {self.resource}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def follow_up_due(self, today: date) -> bool:
        return (
            self.is_open and self.next_follow_up_on is not None and self.next_follow_up_on <= today
        )


class PlacementChange(BaseModel):
    placement = models.ForeignKey(
        Placement, verbose_name="利用", on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(
        "前の段階", max_length=16, choices=PlacementStatus.choices, blank=True
    )
    to_status = models.CharField("新しい段階", max_length=16, choices=PlacementStatus.choices)
    on = models.DateField("日付")
    reason = models.CharField("理由・様子", max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="職員", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "利用の段階の変化"
        verbose_name_plural = "利用の段階の変化"
        ordering = ["on", "id"]


class FollowUpKind(models.TextChoices):
    PERSON = "person", "定着支援（本人）"
    HOST = "host", "受け入れ先支援"


class FollowUpRecord(BaseModel):
    """定着支援 / 受け入れ先支援: how it is going, for the person or for the host."""

    placement = models.ForeignKey(
        Placement, verbose_name="利用", on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField("種類", max_length=16, choices=FollowUpKind.choices)
    on = models.DateField("日付")
    text = models.TextField(
        "内容", help_text="本人: 本人の希望に照らした様子。受け入れ先: 心配ごとと行ったこと"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="職員", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "フォローアップ"
        verbose_name_plural = "フォローアップ"
        ordering = ["-on", "-id"]
