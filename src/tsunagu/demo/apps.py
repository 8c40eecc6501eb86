from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tsunagu.demo"
    verbose_name = "デモ自治体"
