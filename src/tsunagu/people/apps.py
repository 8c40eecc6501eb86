from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tsunagu.people"
    verbose_name = "本人と世帯"
