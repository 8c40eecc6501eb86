from django.urls import path

from tsunagu.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("standing-members/", views.standing_members, name="standing_members"),
    path(
        "standing-members/<int:member_id>/release/",
        views.standing_member_release,
        name="standing_member_release",
    ),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/participants/", views.participant_add, name="participant_add"),
    path("<int:meeting_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:meeting_id>/status/", views.status_set, name="status"),
    path("<int:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:follow_up_id>/done/", views.follow_up_done, name="follow_up_done"),
    path("agenda/<int:item_id>/share/", views.share, name="share"),
    path("agenda/<int:item_id>/decide/", views.decide, name="decide"),
    path("people/<int:person_id>/agenda/", views.agenda_add, name="agenda_add"),
]
