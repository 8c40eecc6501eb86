from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "tsunagu.consents"
    verbose_name = "本人同意"
