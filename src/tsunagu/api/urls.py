from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from tsunagu.accounts.decorators import otp_not_required
from tsunagu.api import views
from tsunagu.api.api import api


def _open(patterns: list) -> list:
    """The API authenticates each request by its token, not by a login session."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = otp_not_required(login_not_required(pattern.callback))
    return patterns


api_patterns, api_app, api_namespace = api.urls
urlpatterns = [
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="api_token_revoke"),
]
api_urls = (_open(api_patterns), api_app, api_namespace)
