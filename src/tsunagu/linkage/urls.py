from django.urls import path

from tsunagu.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.overlaps, name="overlaps"),
    path("review/", views.review, name="review"),
    path("review/<int:candidate_id>/decide/", views.decide, name="decide"),
    path("run/", views.run, name="run"),
    path("agenda/", views.to_agenda, name="to_agenda"),
]
