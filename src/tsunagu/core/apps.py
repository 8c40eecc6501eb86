from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tsunagu.core"
    verbose_name = "基盤"

    def ready(self) -> None:
        from tsunagu.core import lookups  # noqa: F401 - registers ``__any_of``
