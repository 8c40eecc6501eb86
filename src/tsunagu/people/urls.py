from django.urls import path

from tsunagu.people import views
from tsunagu.privacy import views as privacy_views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("export.csv", views.person_export, name="export"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/access/", privacy_views.person_access_log, name="access_log"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:household_id>/", views.household_detail, name="household_detail"),
    path(
        "households/<int:household_id>/members/add/",
        views.household_member_add,
        name="household_member_add",
    ),
]
