from django.urls import path

from tsunagu.community import views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/<int:area_id>/", views.area_detail, name="area"),
    path("places/", views.place_list, name="place_list"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<int:place_id>/", views.place_detail, name="place_detail"),
    path("places/<int:place_id>/edit/", views.place_edit, name="place_edit"),
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/new/", views.actor_create, name="actor_create"),
    path("actors/<int:actor_id>/", views.actor_detail, name="actor_detail"),
    path("actors/<int:actor_id>/edit/", views.actor_edit, name="actor_edit"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("platforms/", views.platform_list, name="platform_list"),
    path("platforms/new/", views.platform_create, name="platform_create"),
    path("platforms/<int:platform_id>/", views.platform_detail, name="platform_detail"),
    path("platforms/<int:platform_id>/sessions/new/", views.session_create, name="session_create"),
    path("connections/new/", views.connection_create, name="connection_create"),
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/new/", views.issue_create, name="issue_create"),
    path("issues/<int:issue_id>/", views.issue_detail, name="issue_detail"),
]
