from django.urls import path

from tsunagu.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("resources/", views.directory, name="directory"),
    path("resources/new/", views.resource_create, name="resource_create"),
    path("resources/hsds.zip", views.directory_export, name="directory_export"),
    path("resources/import/", views.directory_import, name="directory_import"),
    path("resources/<int:resource_id>/", views.resource_detail, name="resource_detail"),
    path("resources/<int:resource_id>/edit/", views.resource_edit, name="resource_edit"),
    path("people/<int:person_id>/", views.person_page, name="person"),
    path("people/<int:person_id>/profile/", views.profile_edit, name="profile"),
    path("people/<int:person_id>/propose/<int:resource_id>/", views.propose, name="propose"),
    path("people/<int:person_id>/gap/", views.gap, name="gap"),
    path("placements/<int:placement_id>/", views.placement_detail, name="placement"),
    path("placements/<int:placement_id>/move/", views.placement_move, name="placement_move"),
    path("placements/<int:placement_id>/follow-ups/", views.follow_up_add, name="follow_up_add"),
]
