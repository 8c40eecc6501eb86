"""本人同意: consent records, after the ISO/IEC TS 27560 consent-record structure.

A consent's terms never change once given. A change is a new record that supersedes the old
one; a withdrawal stamps the record and ends every access granted through it at once. The
history stays.

Purposes, recipient kinds and data categories are stored as JSON objects used as sets
(``{"referral": true}``) so that the access policy can test membership in SQL with
``has_key`` / ``has_any_keys`` on SQLite and PostgreSQL alike.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

from tsunagu.accounts.models import Field, Organization
from tsunagu.core.models import BaseModel


class Purpose(models.TextChoices):
    """利用目的: what the person agreed their information may be used for."""

    REFERRAL = "referral", "他機関へのつなぎ（情報提供）"  # つなぎ先が本人の記録を見る
    MEETING = "meeting", "重層的支援会議での情報共有"  # 会議の参加機関が議題の事例を見る
    CASE_TEAM = "case_team", "多機関協働の支援チームでの情報共有"  # 事例のチームの機関
    PARTICIPATION = "participation", "参加支援（受け入れ先への情報提供）"  # 受け入れ先へ


class DataCategory(models.TextChoices):
    """提供する情報の範囲."""

    BASIC = "basic", "基本情報（氏名・生年月日・住所・連絡先）"  # 本人を特定する情報
    CONSULTATION = "consultation", "相談内容と支援経過"  # 主訴・経過記録
    HOUSEHOLD = "household", "世帯の状況"  # 世帯員と続柄
    HEALTH = "health", "心身の状況（障害・疾病・服薬）"  # 要配慮個人情報
    FINANCES = "finances", "経済状況（収入・債務）"  # 税情報は含まない


class GivenBy(models.TextChoices):
    """同意した人."""

    PERSON = "person", "本人"  # 本人が自ら
    GUARDIAN = "guardian", "法定代理人"  # 成年後見人・親権者など
    PROXY = "proxy", "任意代理人"  # 本人が委任した人


class Method(models.TextChoices):
    """同意の方法."""

    WRITTEN = "written", "書面"  # 同意書に署名
    ORAL = "oral", "口頭"  # 職員が聞き取り、立会人を記録


class ConsentQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> "ConsentQuerySet":
        """Given, not withdrawn, not superseded and not expired on ``on`` (default today)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on),
            withdrawn_at__isnull=True,
            superseded_by__isnull=True,
            given_on__lte=on,
        )

    def for_purpose(self, purpose: str) -> "ConsentQuerySet":
        return self.filter(purposes__has_key=purpose)

    def covering(self, organization: Organization) -> "ConsentQuerySet":
        """Consents naming the organization, or a kind (分野) the organization belongs to."""
        first, *rest = _coverage(organization)
        for covers in rest:
            first |= covers
        return self.filter(first)

    def covering_apart(self, organization: Organization) -> list["ConsentQuerySet"]:
        """``covering`` as its halves — naming the organization, naming one of its 分野 — for a
        UNION that reads each through its own index, where one ``OR`` reads every consent."""
        return [self.filter(covers) for covers in _coverage(organization)]

    def update(self, **kwargs: object) -> int:
        """Only the withdrawal may be stamped on a given consent; its terms never change."""
        changed = set(kwargs) - Consent.WITHDRAWAL_FIELDS
        if changed:
            raise TypeError(f"同意の内容は変更できません: {', '.join(sorted(changed))}")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        """A bulk delete skips ``Consent.delete``; it is refused the same way."""
        raise TypeError("同意の記録は削除できません。撤回として記録してください。")


def _coverage(organization: Organization) -> list[Q]:
    """What makes a consent cover ``organization``, one condition per way. The named ones are
    found through the recipients table's index on the organization, not by joining every
    consent's recipients (a large city's consents made that join the slowest part of every
    list)."""
    named = Consent.recipient_organizations.through.objects.filter(
        organization_id=organization.pk
    ).values("consent_id")
    coverage = [Q(pk__in=named)]
    if organization.fields:
        coverage.append(Q(recipient_fields__has_any_keys=list(organization.fields)))
    return coverage


class Consent(BaseModel):
    """本人同意: one consent given, with its terms frozen."""

    WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawal_note", "updated_at"})

    organization = models.ForeignKey(
        Organization, verbose_name="記録した機関", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="本人", on_delete=models.PROTECT, related_name="consents"
    )
    given_by = models.CharField("同意した人", max_length=16, choices=GivenBy.choices)
    giver_name = models.CharField(
        "代理人の氏名", max_length=64, blank=True, help_text="本人以外が同意したとき"
    )
    giver_authority = models.CharField(
        "代理の根拠",
        max_length=128,
        blank=True,
        help_text="例: 成年後見人（令和5年家庭裁判所審判）、親権者、委任状",
    )
    purposes = models.JSONField("利用目的", default=dict)
    recipient_organizations = models.ManyToManyField(
        Organization, verbose_name="提供先の機関", blank=True, related_name="+"
    )
    recipient_fields = models.JSONField(
        "提供先の機関の種類", default=dict, blank=True, help_text="分野で指定"
    )
    data_categories = models.JSONField("提供する情報", default=dict)
    method = models.CharField("同意の方法", max_length=16, choices=Method.choices)
    witness = models.CharField(
        "立会人", max_length=64, blank=True, help_text="口頭の同意に立ち会った職員など"
    )
    notice_version = models.CharField("説明した文書の版", max_length=128)
    given_on = models.DateField("同意日")
    expires_on = models.DateField("有効期限", null=True, blank=True)
    evidence = models.FileField("同意書の写し", upload_to="consents/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録した職員",
        on_delete=models.PROTECT,
        related_name="+",
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name="置き換えた同意",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    withdrawn_at = models.DateTimeField("撤回日時", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回を記録した職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_note = models.CharField("撤回の記録", max_length=255, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = "本人同意"
        verbose_name_plural = "本人同意"
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["person", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"本人同意 #{self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise TypeError("同意の内容は変更できません。変更は新しい同意として記録してください。")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("同意の記録は削除できません。撤回として記録してください。")

    @property
    def purpose_labels(self) -> list[str]:
        return [label for value, label in Purpose.choices if value in self.purposes]

    @property
    def recipient_field_labels(self) -> list[str]:
        return [label for value, label in Field.choices if value in self.recipient_fields]

    @property
    def data_category_labels(self) -> list[str]:
        return [label for value, label in DataCategory.choices if value in self.data_categories]

    @property
    def status(self) -> str:
        """有効 / 撤回 / 置き換え済み / 期限切れ / 開始前, for display."""
        today = timezone.localdate()
        if self.withdrawn_at:
            return "撤回"
        if hasattr(self, "superseded_by"):
            return "置き換え済み"
        if self.expires_on and self.expires_on < today:
            return "期限切れ"
        if self.given_on > today:
            return "開始前"
        return "有効"

    @property
    def is_active(self) -> bool:
        return self.status == "有効"


@receiver(m2m_changed, sender=Consent.recipient_organizations.through)
def _recipients_are_terms(sender: type, instance: models.Model, action: str, **kwargs: object):
    """The recipient organizations are terms too: set once, by the service that records the
    consent (``terms_open``), and never added to or removed afterwards, from either side."""
    if action.startswith("pre_") and not getattr(instance, "terms_open", False):
        raise TypeError("同意の提供先は変更できません。変更は新しい同意として記録してください。")


def as_set(values: list[str] | tuple[str, ...]) -> dict[str, bool]:
    """The JSON-object-as-set form the consent fields store."""
    return dict.fromkeys(values, True)
