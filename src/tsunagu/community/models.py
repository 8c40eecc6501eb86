"""Community building (地域づくりに向けた支援): grow ties among residents so that anyone has
somewhere to be and neighbours notice trouble early.

* ``Place`` (居場所・拠点) and ``Actor`` (担い手: residents and volunteers, groups, 自治会, 社協,
  shops, NPOs, schools …), the area's assets;
* ``Activity`` (活動・イベント) held at places by actors, with participants counted by
  generation and field — numbers, never names;
* ``Platform`` (プラットフォーム: a multi-sector forum), its members and ``PlatformSession``s,
  and what came out of them (a new place, a new activity);
* ``Connection`` (つなぎの記録): what the coordinator connected — 人と人, 人と居場所, 活動と活動,
  分野を超えて — drawn as a network per area;
* ``CommunityIssue`` (地域課題): a gap found while supporting people, and what answered it.

None of it is a case record. A resident is listed as an actor only with their consent to be
listed (recorded with the date); otherwise the records name groups, places and counts. Every
staff member who works with records may read them.
"""

from django.conf import settings
from django.db import models

from tsunagu.accounts.models import Field, Organization
from tsunagu.core.choices import labels_of
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


class Generation(models.TextChoices):
    """世代."""

    INFANTS = "infants", "乳幼児"
    CHILDREN = "children", "子ども"
    YOUTH = "youth", "若者"
    PARENTS = "parents", "子育て世代"
    WORKING = "working", "働く世代"
    ELDERLY = "elderly", "高齢者"


class PlaceKind(models.TextChoices):
    """居場所・拠点の種類."""

    KOSODATE = "kosodate", "子育てひろば"
    KAYOI = "kayoi", "通いの場"
    CENTER = "center", "地域活動支援センター"
    KODOMO_SHOKUDO = "kodomo_shokudo", "子ども食堂"
    SALON = "salon", "サロン"
    VACANT = "vacant", "空き店舗・空き家活用"
    CAFE = "cafe", "コミュニティカフェ"
    OTHER = "other", "その他"


class ActorKind(models.TextChoices):
    """担い手の種類."""

    RESIDENT = "resident", "住民・ボランティア"
    GROUP = "group", "住民グループ"
    JICHIKAI = "jichikai", "自治会・町内会"
    SHAKYO = "shakyo", "社会福祉協議会"
    COMMERCE = "commerce", "商工会・商店会"
    BUSINESS = "business", "商店・企業"
    NPO = "npo", "NPO"
    SCHOOL = "school", "学校"
    WELFARE = "welfare", "福祉事業所"
    OTHER = "other", "その他"


# Sectors a platform's members come from: the kinds, grouped.
SECTOR = {
    ActorKind.RESIDENT: "住民",
    ActorKind.GROUP: "住民",
    ActorKind.JICHIKAI: "住民",
    ActorKind.SHAKYO: "福祉",
    ActorKind.WELFARE: "福祉",
    ActorKind.NPO: "NPO",
    ActorKind.COMMERCE: "産業",
    ActorKind.BUSINESS: "産業",
    ActorKind.SCHOOL: "教育",
    ActorKind.OTHER: "その他",
}


class Actor(BaseModel):
    """担い手: someone or some body that takes part in the area's life."""

    name = models.CharField("名称・氏名", max_length=128)
    kind = models.CharField("種類", max_length=16, choices=ActorKind.choices)
    area = models.ForeignKey(
        Area, verbose_name="圏域", null=True, blank=True, on_delete=models.PROTECT
    )
    offers = models.TextField(
        "できること", blank=True, help_text="例: 野菜の提供、見守り、会場の貸し出し"
    )
    contact = models.CharField("連絡先", max_length=128, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    listing_consented_on = models.DateField(
        "掲載の同意日",
        null=True,
        blank=True,
        help_text="住民・ボランティア個人は、一覧に載せることへの本人の同意が必要です",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "担い手"
        verbose_name_plural = "担い手"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        return SECTOR.get(self.kind, "その他")


class Place(BaseModel):
    """居場所・拠点: somewhere people can be and meet."""

    name = models.CharField("名称", max_length=128)
    kind = models.CharField("種類", max_length=16, choices=PlaceKind.choices)
    run_by = models.ForeignKey(
        Actor,
        verbose_name="運営",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="places_run",
    )
    schedule = models.CharField(
        "開催日時", max_length=128, blank=True, help_text="例: 毎週水曜 10時〜12時"
    )
    area = models.ForeignKey(
        Area, verbose_name="圏域", null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField("所在地", max_length=255, blank=True)
    fields = models.JSONField("分野", default=list, help_text="Field の値のリスト")
    generations = models.JSONField("対象の世代", default=list, help_text="Generation の値のリスト")
    accessibility = models.CharField(
        "バリアフリー", max_length=255, blank=True, help_text="例: 段差なし、車いす用トイレあり"
    )
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)
    proposed_by = models.ForeignKey(
        Actor,
        verbose_name="提案した担い手",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="places_proposed",
    )
    born_at = models.ForeignKey(
        "PlatformSession",
        verbose_name="生まれた場",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="places_born",
    )
    is_active = models.BooleanField("開設中", default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "居場所・拠点"
        verbose_name_plural = "居場所・拠点"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def generation_labels(self) -> str:
        return labels_of(self.generations, Generation)

    @property
    def field_labels(self) -> str:
        return labels_of(self.fields, Field)


class Activity(BaseModel):
    """活動・イベント: a session at a place, with participants counted, not named."""

    title = models.CharField("活動名", max_length=128)
    place = models.ForeignKey(
        Place,
        verbose_name="居場所・拠点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    actors = models.ManyToManyField(
        Actor, verbose_name="担い手", blank=True, related_name="activities"
    )
    held_on = models.DateField("開催日")
    participants = models.PositiveIntegerField("参加者数", default=0)
    by_generation = models.JSONField("世代別の人数", default=dict)
    by_field = models.JSONField("分野別の人数", default=dict)
    notes = models.TextField(
        "様子", blank=True, help_text="個人が特定される内容は書かないでください"
    )
    born_at = models.ForeignKey(
        "PlatformSession",
        verbose_name="生まれた場",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities_born",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "活動・イベント"
        verbose_name_plural = "活動・イベント"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Platform(BaseModel):
    """プラットフォーム: a forum where several sectors meet about the area."""

    name = models.CharField("名称", max_length=128)
    purpose = models.TextField("目的", blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name="圏域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="空欄は市全域",
    )
    members = models.ManyToManyField(
        Actor, verbose_name="構成員", blank=True, related_name="platforms"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "プラットフォーム"
        verbose_name_plural = "プラットフォーム"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class PlatformSession(BaseModel):
    """プラットフォームの開催: who came, what was discussed, what came out of it."""

    platform = models.ForeignKey(
        Platform, verbose_name="プラットフォーム", on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField("開催日")
    attendees = models.ManyToManyField(
        Actor, verbose_name="参加した担い手", blank=True, related_name="+"
    )
    summary = models.TextField("話し合ったこと")
    outcomes = models.TextField("生まれたこと", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "プラットフォームの開催"
        verbose_name_plural = "プラットフォームの開催"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.platform} {self.held_on}"


class ConnectionKind(models.TextChoices):
    """つないだもの."""

    PEOPLE = "people", "人と人"
    PERSON_PLACE = "person_place", "人と居場所"
    ACTIVITIES = "activities", "活動と活動"
    ACROSS = "across", "分野を超えて"


class Connection(BaseModel):
    """つなぎの記録: the coordinator connected an actor with another actor or a place."""

    kind = models.CharField("つないだもの", max_length=16, choices=ConnectionKind.choices)
    actor = models.ForeignKey(
        Actor, verbose_name="担い手", on_delete=models.PROTECT, related_name="connections"
    )
    other_actor = models.ForeignKey(
        Actor,
        verbose_name="つないだ担い手",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="connections_in",
    )
    place = models.ForeignKey(
        Place,
        verbose_name="つないだ居場所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="connections",
    )
    connected_on = models.DateField("日付")
    note = models.CharField("内容", max_length=255, blank=True)
    born = models.CharField(
        "生まれたもの", max_length=255, blank=True, help_text="例: 新しいサロン、合同の夏祭り"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "つなぎの記録"
        verbose_name_plural = "つなぎの記録"
        ordering = ["-connected_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(other_actor__isnull=False) | models.Q(place__isnull=False),
                name="connection_has_two_ends",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} → {self.other_actor or self.place}"
