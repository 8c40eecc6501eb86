from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "tsunagu.participation"
    verbose_name = "参加支援"

    def ready(self) -> None:
        from tsunagu.cases.reminders import register_reminder_source
        from tsunagu.participation.selectors import reminders

        register_reminder_source(reminders)
