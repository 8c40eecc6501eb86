from django.urls import path

from tsunagu.community import views

app_name = "community"

urlpatterns = [
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/new/", views.issue_create, name="issue_create"),
    path("issues/<int:issue_id>/", views.issue_detail, name="issue_detail"),
]
