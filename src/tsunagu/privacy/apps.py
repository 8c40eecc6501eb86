from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "tsunagu.privacy"
    verbose_name = "個人情報保護と監査"
