from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "tsunagu.community"
    verbose_name = "地域づくり"
