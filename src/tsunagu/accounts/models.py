"""Organizations (機関) and their staff users."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from tsunagu.core.models import Area, BaseModel


class Field(models.TextChoices):
    """分野: the fields of support an organization works in."""

    ELDERLY = "elderly", "高齢"  # 介護・地域包括支援センター
    DISABILITY = "disability", "障害"  # 障害福祉・相談支援事業所
    CHILDREN = "children", "子ども"  # 子育て・児童福祉
    POVERTY = "poverty", "生活困窮"  # 生活困窮者自立支援
    HEALTH = "health", "保健医療"  # 保健所・医療機関
    EDUCATION = "education", "教育"  # 学校・教育委員会
    EMPLOYMENT = "employment", "就労"  # ハローワーク・就労支援
    HOUSING = "housing", "住まい"  # 居住支援
    OTHER = "other", "その他"  # 上記以外


class Program(models.TextChoices):
    """重層的支援体制整備事業 programs an organization carries out."""

    CONSULTATION = "consultation", "包括的相談支援"  # 属性を問わない相談の受け止め
    COORDINATION = "coordination", "多機関協働"  # 複雑化・複合化した事例の調整
    OUTREACH = "outreach", "アウトリーチ等継続支援"  # 支援が届いていない人への継続的な関わり
    PARTICIPATION = "participation", "参加支援"  # 社会資源とのマッチング
    COMMUNITY = "community", "地域づくり"  # 居場所・プラットフォーム


class Organization(BaseModel):
    """機関: an agency taking part in the municipality's 重層 network."""

    name = models.CharField("名称", max_length=128, unique=True)
    name_kana = models.CharField("名称フリガナ", max_length=128, blank=True)
    fields = models.JSONField("分野", default=list, help_text="Field の値のリスト")
    programs = models.JSONField("実施事業", default=list, help_text="Program の値のリスト")
    area = models.ForeignKey(
        Area,
        verbose_name="担当圏域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="空欄は市全域",
    )
    phone = models.CharField("電話番号", max_length=32, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    address = models.CharField("所在地", max_length=255, blank=True)
    is_active = models.BooleanField("有効", default=True)

    class Meta:
        verbose_name = "機関"
        verbose_name_plural = "機関"
        ordering = ["name_kana", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def field_labels(self) -> list[str]:
        return [Field(value).label for value in self.fields if value in Field.values]

    @property
    def program_labels(self) -> list[str]:
        return [Program(value).label for value in self.programs if value in Program.values]


class Role(models.TextChoices):
    """職員の役割. Decides which kinds of records a staff user may work with."""

    MUNICIPAL_ADMIN = "municipal_admin", "市町村担当"  # 事業全体の所管
    COORDINATOR = "coordinator", "多機関協働"  # 相談支援包括化推進員など
    CONSULTATION = "consultation", "相談支援"  # 包括的相談支援の相談員
    OUTREACH = "outreach", "アウトリーチ"  # アウトリーチ等継続支援の支援員
    PARTICIPATION = "participation", "参加支援"  # 参加支援の支援員
    COMMUNITY = "community", "地域づくり"  # 地域づくりのコーディネーター
    AUDITOR = "auditor", "監査"  # 記録の閲覧ログを確認する。記録の内容は見ない


class User(AbstractUser):
    """職員: a staff user belonging to exactly one organization."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="所属機関",
        null=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    role = models.CharField("役割", max_length=32, choices=Role.choices, default=Role.CONSULTATION)
    display_name = models.CharField("氏名", max_length=64, blank=True)

    class Meta:
        verbose_name = "職員"
        verbose_name_plural = "職員"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def sees_personal_data(self) -> bool:
        """Auditors review the access log only; every other role works with records."""
        return self.organization_id is not None and self.role != Role.AUDITOR

    @property
    def keeps_records(self) -> bool:
        """Roles that record cases and read their organization's records. The municipal
        administrator sees aggregate figures instead, unless a meeting or emergency grant
        applies."""
        return self.sees_personal_data and self.role != Role.MUNICIPAL_ADMIN
