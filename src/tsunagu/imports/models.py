"""一括取り込み: records brought in from an organization's Excel ledgers and older systems.

Each imported record remembers its source key (the old system's 管理番号), so that importing
the same file again creates nothing twice.
"""

from django.db import models

from tsunagu.accounts.models import Organization
from tsunagu.core.models import BaseModel


class ImportedRecord(BaseModel):
    """A record created by an import, by its source key within the organization."""

    organization = models.ForeignKey(
        Organization, verbose_name="機関", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("種類", max_length=16)
    source_key = models.CharField("元の管理番号", max_length=64)
    object_id = models.PositiveBigIntegerField("記録のID")

    class Meta:
        verbose_name = "取り込んだ記録"
        verbose_name_plural = "取り込んだ記録"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "source_key"], name="source_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_key} → {self.object_id}"
