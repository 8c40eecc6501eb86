from django.urls import path

from tsunagu.privacy import views

# 緊急時の閲覧 pages, mounted at /emergency/ with their own namespace.
app_name = "emergency"

urlpatterns = [
    path("", views.emergency_search, name="search"),
    path("open/", views.emergency_open, name="open"),
    path("reviews/", views.emergency_reviews, name="reviews"),
    path("reviews/<int:access_id>/", views.emergency_review, name="review"),
]
