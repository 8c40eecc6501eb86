"""お知らせ: in-app notifications (reminders of work due). They carry no personal data: a
count and a link to the page that shows the details under the access policy."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="職員",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField("内容", max_length=255)
    url = models.CharField("リンク先", max_length=255, blank=True)
    key = models.CharField("重複防止キー", max_length=128)
    created_at = models.DateTimeField("日時", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("既読日時", null=True, blank=True)

    class Meta:
        verbose_name = "お知らせ"
        verbose_name_plural = "お知らせ"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")
        ]

    def __str__(self) -> str:
        return self.text
