"""Base model and reference data shared by every app. Imports nothing from other apps."""

from django.db import models


class BaseModel(models.Model):
    created_at = models.DateTimeField("作成日時", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        abstract = True


class Area(BaseModel):
    """圏域: the service area a municipality divides itself into (often a 日常生活圏域)."""

    code = models.SlugField("コード", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64)
    sort_order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "圏域"
        verbose_name_plural = "圏域"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name
