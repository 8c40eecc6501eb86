from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tsunagu.reports"
    verbose_name = "事業実績・統計"
