"""事業費: what the 重層 programme costs, per programme and per source field, so that the
integrated grant (重層的支援体制整備事業交付金, 一体的執行) can be reported without apportioning
each cost by hand. Figures and exports are computed from the records of the other apps
(``tsunagu.reports.figures``); this app stores nothing else."""

from django.conf import settings
from django.db import models

from tsunagu.accounts.models import Program
from tsunagu.core.models import BaseModel


class SourceField(models.TextChoices):
    """The field whose former subsidy a cost is counted under (一体的執行の財源区分)."""

    ELDERLY = "elderly", "高齢（地域支援事業）"
    DISABILITY = "disability", "障害（地域生活支援事業）"
    CHILDREN = "children", "子ども（利用者支援事業）"
    POVERTY = "poverty", "困窮（生活困窮者自立相談支援事業）"
    INTEGRATED = "integrated", "重層（新たな機能）"


class Expense(BaseModel):
    """事業費: one cost of the programme in a 年度."""

    fiscal_year = models.PositiveIntegerField("年度", help_text="西暦の開始年。2026 は令和8年度")
    programme = models.CharField("事業", max_length=16, choices=Program.choices)
    source_field = models.CharField("財源区分", max_length=16, choices=SourceField.choices)
    amount = models.PositiveBigIntegerField("金額（円）")
    description = models.CharField("内容", max_length=255)
    spent_on = models.DateField("支出日")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="記録者", on_delete=models.PROTECT, related_name="+"
    )
    # the form's token: sending the same form twice records one cost
    submission_token = models.UUIDField(unique=True, null=True, editable=False)
    # a wrong entry is voided with a reason, never deleted: the ledger keeps its history
    voided_at = models.DateTimeField("取消日時", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="取り消した職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    void_reason = models.CharField("取消の理由", max_length=255, blank=True)

    class Meta:
        verbose_name = "事業費"
        verbose_name_plural = "事業費"
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["fiscal_year", "programme"])]

    def __str__(self) -> str:
        return f"{self.description} {self.amount:,}円"

    @property
    def amount_display(self) -> str:
        return f"{self.amount:,}"
