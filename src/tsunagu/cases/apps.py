from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "tsunagu.cases"
    verbose_name = "多機関協働の事例"
