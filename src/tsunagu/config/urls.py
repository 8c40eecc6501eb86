from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tsunagu.accounts.decorators import otp_not_required
from tsunagu.api.urls import api_urls
from tsunagu.consultations.views import home
from tsunagu.core.health import healthz

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("tsunagu.accounts.urls")),
    path("people/", include("tsunagu.people.urls")),
    path("consultations/", include("tsunagu.consultations.urls")),
    path("audit/", include("tsunagu.privacy.urls")),
    path("consents/", include("tsunagu.consents.urls")),
    path("meetings/", include("tsunagu.meetings.urls")),
    path("cases/", include("tsunagu.cases.urls")),
    path("notifications/", include("tsunagu.notifications.urls")),
    path("community/", include("tsunagu.community.urls")),
    path("outreach/", include("tsunagu.outreach.urls")),
    path("participation/", include("tsunagu.participation.urls")),
    path("linkage/", include("tsunagu.linkage.urls")),
    path("reports/", include("tsunagu.reports.urls")),
    path("imports/", include("tsunagu.imports.urls")),
    path("api/", include("tsunagu.api.urls")),
    path("api/v1/", include(api_urls[:2], namespace=api_urls[2])),
    path("emergency/", include("tsunagu.privacy.emergency_urls")),
    path("i18n/setlang/", login_not_required(otp_not_required(set_language)), name="set_language"),
    path("admin/", admin.site.urls),
]
