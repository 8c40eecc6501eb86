from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "tsunagu.linkage"
    verbose_name = "名寄せ（世帯の重なりの把握）"

    def ready(self) -> None:
        from tsunagu.linkage.services import person_saved
        from tsunagu.people.services import register_person_hook

        register_person_hook(person_saved)
