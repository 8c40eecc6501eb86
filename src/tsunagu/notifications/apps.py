from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tsunagu.notifications"
    verbose_name = "お知らせ"
