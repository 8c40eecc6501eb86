from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "tsunagu.backups"
    verbose_name = "バックアップと復元"
