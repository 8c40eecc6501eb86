"""Outreach and continuous support (アウトリーチ等を通じた継続的支援).

People who never come to a counter are found through others (a 情報提供 from a 民生委員, a
newspaper deliverer, a meeting …) and reached over months: letters left, visits through the
door, contact through the family, until they meet staff face to face and, some day, take up
support. An ``OutreachCase`` is that relationship. Who the person is may be known only in
part at first — an address, a description, a household — and linked to a person record
later, when their history joins the person's timeline.

Outreach records belong to the organization that carries out the outreach; what others may see
is decided in ``tsunagu.privacy.policy``. Whoever reported the person never sees the case.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from tsunagu.accounts.models import Organization
from tsunagu.core.models import Area, BaseModel


class EntryPoint(models.TextChoices):
    """把握の経路: where the report came from (the guidance's outreach entry points)."""

    GATHERING = "gathering", "通いの場・交流拠点"  # 住民との対話から
    MEETING = "meeting", "各種会議"  # 地域ケア個別会議・要対協・支援会議など
    MINSEI = "minsei", "民生委員・児童委員"  # 地域の見守り
    PROFESSIONAL = "professional", "専門職・福祉事業所"  # 介護・障害・子どもの事業所
    MEDICAL = "medical", "医療機関・保健所"  # 受診・保健活動から
    LIFELINE = "lifeline", "ライフライン事業者"  # 水道・電気・ガス
    DELIVERY = "delivery", "新聞配達員・宅配事業者"  # 郵便受けの様子など
    TOWN = "town", "まちづくり職員"  # 自治体の他部署
    HOUSE_VISIT = "house_visit", "全戸訪問"  # 職員の全戸訪問
    ICT = "ict", "ICT 安否確認"  # 見守り機器・アプリ
    SURVEY = "survey", "アンケート"  # 調査の回答から
    SNS = "sns", "SNS 相談"  # オンラインでの相談
    FAMILY = "family", "家族・近隣住民"  # 家族や近所の人から
    OTHER = "other", "その他"  # 上記以外


# Reporters outside welfare: they hear back that the report was received, and nothing more.
NON_WELFARE_ENTRY_POINTS = (
    EntryPoint.LIFELINE,
    EntryPoint.DELIVERY,
    EntryPoint.TOWN,
    EntryPoint.FAMILY,
)


class Urgency(models.TextChoices):
    """情報提供の緊急度."""

    LOW = "low", "低"  # 様子を見ながら関わりを探る
    MEDIUM = "medium", "中"  # 数週間のうちに最初の接触を
    HIGH = "high", "高"  # 安否の確認を急ぐ


class Stage(models.TextChoices):
    """関わりの段階."""

    UNCONTACTED = "uncontacted", "未接触"  # まだ誰も本人に届いていない
    INDIRECT = "indirect", "間接的な接触"  # 手紙・ドア越し・家族を通じて
    MET = "met", "本人と対面"  # 本人に会えた
    ONGOING = "ongoing", "継続的な関係"  # 定期的に会える
    CONNECTED = "connected", "支援につながった"  # 相談・多機関協働・参加支援へ
    SUSPENDED = "suspended", "中断"  # 転居・拒否などで関わりを止めた


# The order of engagement; a contact can move a case forward along it, never back.
STAGE_ORDER = (Stage.UNCONTACTED, Stage.INDIRECT, Stage.MET, Stage.ONGOING, Stage.CONNECTED)


class Handover(models.TextChoices):
    """引き継ぎ先."""

    CONSULTATION = "consultation", "包括的相談支援"  # 相談として受け付けて継続
    CASE = "case", "多機関協働"  # 多機関協働事業へつなぐ
    PARTICIPATION = "participation", "参加支援"  # 参加支援の機関へつなぐ


class OutreachCase(BaseModel):
    """アウトリーチの対象: one person (or household) the organization is trying to reach."""

    organization = models.ForeignKey(
        Organization, verbose_name="担当機関", on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(
        "呼び名",
        max_length=128,
        help_text="氏名が分からないときは、分かる範囲で。例: 北山町の角の家の息子さん（30代）",
    )
    address = models.CharField("住所・場所", max_length=255, blank=True)
    area = models.ForeignKey(
        Area, verbose_name="圏域", null=True, blank=True, on_delete=models.PROTECT
    )
    description = models.TextField("分かっていること", blank=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name="本人の記録",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_cases",
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name="世帯",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_cases",
    )
    stage = models.CharField(
        "関わりの段階", max_length=16, choices=Stage.choices, default=Stage.UNCONTACTED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="担当職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_cases",
    )
    interval_days = models.PositiveSmallIntegerField(
        "接触の間隔（日）", default=14, help_text="この日数を過ぎて接触がないと、一覧で知らせます"
    )
    family_support = models.TextField(
        "家族への支援", blank=True, help_text="本人に会えない間も続ける、家族への関わり"
    )
    opened_on = models.DateField("最初の情報提供日")
    last_contact_on = models.DateField("最後の接触日", null=True, blank=True)
    first_met_on = models.DateField("本人と初めて対面した日", null=True, blank=True)
    handover = models.CharField("引き継ぎ先", max_length=16, choices=Handover.choices, blank=True)
    handed_over_at = models.DateTimeField("引き継いだ日時", null=True, blank=True)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name="引き継いだ相談",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="統合先",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登録者", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "アウトリーチの対象"
        verbose_name_plural = "アウトリーチの対象"
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "stage"]),
            models.Index(fields=["updated_at", "id"]),  # the API lists, by last change
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.CONNECTED, Stage.SUSPENDED) and self.merged_into_id is None

    @property
    def next_contact_on(self) -> date:
        """When the next contact is due under the planned interval."""
        return (self.last_contact_on or self.opened_on) + timedelta(days=self.interval_days)

    def days_overdue(self, today: date) -> int:
        """Days past the planned interval (0 when not overdue or no longer open)."""
        return max((today - self.next_contact_on).days, 0) if self.is_open else 0


class Report(BaseModel):
    """情報提供: someone noticed a person who may need support (潜在的な相談者)."""

    organization = models.ForeignKey(
        Organization, verbose_name="受けた機関", on_delete=models.PROTECT, related_name="+"
    )
    outreach_case = models.ForeignKey(
        OutreachCase,
        verbose_name="アウトリーチの対象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    entry_point = models.CharField("把握の経路", max_length=16, choices=EntryPoint.choices)
    reporter = models.CharField(
        "情報提供者",
        max_length=128,
        help_text="例: 北山地区の民生委員、新聞販売店の配達員。個人名は必要なときだけ",
    )
    reporter_organization = models.ForeignKey(
        Organization,
        verbose_name="情報提供者の機関",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="アプリで送った職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_reports_sent",
    )
    about = models.CharField(
        "対象の人", max_length=128, help_text="例: 北山町2丁目の角の家の息子さん（30代くらい）"
    )
    address = models.CharField("住所・場所", max_length=255, blank=True)
    noticed = models.TextField("気づいたこと")
    urgency = models.CharField(
        "緊急度", max_length=16, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    received_on = models.DateField("情報提供日")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="受けた職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "情報提供"
        verbose_name_plural = "情報提供"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_entry_point_display()} {self.received_on}"


class Method(models.TextChoices):
    """接触の方法."""

    VISIT = "visit", "訪問"  # 自宅を訪ねる
    LETTER = "letter", "手紙を残す"  # 郵便受け・ドアに
    PHONE = "phone", "電話"  # 本人・家族に
    SNS = "sns", "SNS・メール"  # メッセージ
    FAMILY = "family", "家族を通じて"  # 家族に託す
    RELATED = "related", "関係者経由"  # 民生委員・事業所などを通じて


class Outcome(models.TextChoices):
    """接触の結果."""

    MET = "met", "本人に会えた"  # 対面で話せた
    THROUGH_DOOR = "door", "ドア越しに話した"  # 顔は見えないが声が届いた
    RESPONDED = "responded", "本人から反応があった"  # 返事・電話・メッセージ
    FAMILY_ONLY = "family", "家族と話せた"  # 本人には届いていない
    NOT_MET = "not_met", "会えなかった"  # 不在・応答なし
    NO_RESPONSE = "no_response", "反応なし"  # 手紙などに反応がない


# What an outcome tells of the engagement: the stage it reaches at least.
OUTCOME_STAGE = {
    Outcome.MET: Stage.MET,
    Outcome.THROUGH_DOOR: Stage.INDIRECT,
    Outcome.RESPONDED: Stage.INDIRECT,
    Outcome.FAMILY_ONLY: Stage.INDIRECT,
}


class ContactAttempt(BaseModel):
    """接触の記録: one attempt to reach the person, whatever came of it."""

    outreach_case = models.ForeignKey(
        OutreachCase,
        verbose_name="アウトリーチの対象",
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    occurred_on = models.DateField("実施日")
    method = models.CharField("方法", max_length=16, choices=Method.choices)
    outcome = models.CharField("結果", max_length=16, choices=Outcome.choices)
    content = models.TextField(
        "内容", help_text="例: 本人の好きなゲームのイベント案内を添えた手紙を郵便受けに入れた"
    )
    next_step = models.CharField("次の一手", max_length=255, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="職員", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "接触の記録"
        verbose_name_plural = "接触の記録"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_method_display()}"


class StageChange(BaseModel):
    """関わりの段階の変化: every move, with who and why."""

    outreach_case = models.ForeignKey(
        OutreachCase,
        verbose_name="アウトリーチの対象",
        on_delete=models.PROTECT,
        related_name="stage_changes",
    )
    from_stage = models.CharField("前の段階", max_length=16, choices=Stage.choices)
    to_stage = models.CharField("新しい段階", max_length=16, choices=Stage.choices)
    reason = models.CharField("理由", max_length=255, blank=True)
    changed_on = models.DateField("日付")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="職員", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "関わりの段階の変化"
        verbose_name_plural = "関わりの段階の変化"
        ordering = ["changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"
