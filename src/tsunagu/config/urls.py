from django.contrib import admin
from django.urls import include, path

from tsunagu.consultations.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("tsunagu.accounts.urls")),
    path("people/", include("tsunagu.people.urls")),
    path("consultations/", include("tsunagu.consultations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
