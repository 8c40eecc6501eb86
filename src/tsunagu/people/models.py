"""Persons (本人) and households (世帯), each recorded by one organization.

The same resident known to two organizations is two Person rows: each agency keeps its own
record, and what one may see of another's is decided by ``tsunagu.privacy.policy``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tsunagu.accounts.models import Organization
from tsunagu.core.models import Area, BaseModel
from tsunagu.core.wareki import format_wareki_with_seireki

PERSON_EDITABLE_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "died_on",
    "sex",
    "postal_code",
    "address",
    "area",
    "phone",
    "notes",
    "tax_information",
)


class Person(BaseModel):
    """本人: a resident an organization supports or has been consulted about."""

    organization = models.ForeignKey(
        Organization, verbose_name="登録機関", on_delete=models.PROTECT, related_name="persons"
    )
    family_name = models.CharField("氏", max_length=32)
    given_name = models.CharField("名", max_length=32, blank=True)
    family_name_kana = models.CharField("氏（フリガナ）", max_length=64)
    given_name_kana = models.CharField("名（フリガナ）", max_length=64, blank=True)
    birth_date = models.DateField("生年月日", null=True, blank=True)
    died_on = models.DateField(
        "死亡日",
        null=True,
        blank=True,
        help_text="亡くなった家族をジェノグラムに描くために記録します",
    )
    sex = models.CharField("性別", max_length=32, blank=True, help_text="本人の申告どおり。任意")
    postal_code = models.CharField("郵便番号", max_length=8, blank=True)
    address = models.CharField("住所", max_length=255, blank=True)
    area = models.ForeignKey(
        Area, verbose_name="圏域", null=True, blank=True, on_delete=models.PROTECT
    )
    phone = models.CharField("電話番号", max_length=32, blank=True)
    notes = models.TextField("備考", blank=True)
    tax_information = models.TextField(
        "税情報",
        blank=True,
        help_text="課税・滞納の状況など。登録機関の職員にだけ表示され、他機関には共有されません",
    )
    name_key = models.CharField(max_length=80, editable=False, db_index=True)
    kana_key = models.CharField(max_length=140, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "本人"
        verbose_name_plural = "本人"
        ordering = ["kana_key", "id"]
        indexes = [
            models.Index(fields=["organization", "kana_key"]),
            models.Index(fields=["updated_at", "id"]),  # the API lists, by last change
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    @property
    def birth_date_display(self) -> str:
        return format_wareki_with_seireki(self.birth_date) if self.birth_date else "不明"

    @property
    def died_on_display(self) -> str:
        return format_wareki_with_seireki(self.died_on) if self.died_on else ""

    @property
    def is_deceased(self) -> bool:
        return self.died_on is not None


class Household(BaseModel):
    """世帯: people living together, as an organization knows them."""

    organization = models.ForeignKey(
        Organization, verbose_name="登録機関", on_delete=models.PROTECT, related_name="households"
    )
    name = models.CharField("世帯名", max_length=64, help_text="例: 山田世帯")
    address = models.CharField("住所", max_length=255, blank=True)
    area = models.ForeignKey(
        Area, verbose_name="圏域", null=True, blank=True, on_delete=models.PROTECT
    )
    notes = models.TextField("備考", blank=True)

    class Meta:
        verbose_name = "世帯"
        verbose_name_plural = "世帯"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["updated_at", "id"])]  # the API lists, by last change

    def __str__(self) -> str:
        return self.name


class Relation(models.TextChoices):
    """続柄: relation to the head of the household."""

    HEAD = "head", "世帯主"  # 世帯の代表
    SPOUSE = "spouse", "配偶者"  # 夫・妻・パートナー
    CHILD = "child", "子"  # 世帯主の子
    PARENT = "parent", "父母"  # 世帯主の父・母
    GRANDPARENT = "grandparent", "祖父母"  # 世帯主の祖父・祖母
    GRANDCHILD = "grandchild", "孫"  # 世帯主の孫
    SIBLING = "sibling", "兄弟姉妹"  # 世帯主のきょうだい
    CHILD_IN_LAW = "child_in_law", "子の配偶者"  # 嫁・婿
    OTHER_RELATIVE = "other_relative", "その他の親族"  # おじ・おば等
    OTHER = "other", "同居人"  # 親族以外の同居者


class HouseholdMembership(BaseModel):
    """A person's membership of a household for a period; moving ends one and starts another."""

    household = models.ForeignKey(
        Household, verbose_name="世帯", on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name="本人", on_delete=models.CASCADE, related_name="memberships"
    )
    relation = models.CharField("続柄", max_length=32, choices=Relation.choices)
    started_on = models.DateField("転入日")
    ended_on = models.DateField("転出日", null=True, blank=True)

    class Meta:
        verbose_name = "世帯員"
        verbose_name_plural = "世帯員"
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="one_current_household_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} / {self.person} ({self.get_relation_display()})"
