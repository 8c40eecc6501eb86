from django.urls import path

from tsunagu.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("persons/", views.persons, name="persons"),
    path("consultations/", views.consultations_import, name="consultations"),
    path("resources/", views.resources_import, name="resources"),
    path("<slug:kind>/template.<slug:fmt>", views.template, name="template"),
    path("<slug:kind>/export.<slug:fmt>", views.export, name="export"),
    path("bundle.<slug:fmt>", views.bundle, name="bundle"),
]
