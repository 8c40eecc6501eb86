from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tsunagu.jobs"
    verbose_name = "定期ジョブ"
