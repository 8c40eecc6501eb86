from django.urls import path

from tsunagu.imports import views

app_name = "imports"

urlpatterns = [
    path("persons/", views.persons, name="persons"),
    path("persons/template.csv", views.persons_template, name="persons_template"),
    path("persons/export.csv", views.persons_export, name="persons_export"),
    path("consultations/", views.consultations_import, name="consultations"),
]
