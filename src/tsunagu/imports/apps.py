from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "tsunagu.imports"
    verbose_name = "一括取り込み"
