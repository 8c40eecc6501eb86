from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "tsunagu.outreach"
    verbose_name = "アウトリーチ等を通じた継続的支援"

    def ready(self) -> None:
        from tsunagu.cases.reminders import register_reminder_source
        from tsunagu.consultations.selectors import register_timeline_source
        from tsunagu.outreach.selectors import reminders, timeline_entries

        register_timeline_source(timeline_entries)
        register_reminder_source(reminders)
