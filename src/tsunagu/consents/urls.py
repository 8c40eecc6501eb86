from django.urls import path

from tsunagu.consents import views

app_name = "consents"

urlpatterns = [
    path("people/<int:person_id>/new/", views.consent_create, name="create"),
    path("<int:consent_id>/", views.consent_detail, name="detail"),
    path("<int:consent_id>/withdraw/", views.consent_withdraw, name="withdraw"),
    path("<int:consent_id>/evidence/", views.consent_evidence, name="evidence"),
]
