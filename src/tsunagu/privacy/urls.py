from django.urls import path

from tsunagu.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("export.csv", views.audit_export, name="audit_export"),
]
