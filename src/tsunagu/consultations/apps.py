from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "tsunagu.consultations"
    verbose_name = "相談・つなぎ"
