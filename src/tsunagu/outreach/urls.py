from django.urls import path

from tsunagu.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/send/", views.report_send, name="report_send"),
    path("reports/inbox/", views.inbox, name="inbox"),
    path("reports/<int:report_id>/accept/", views.report_accept, name="report_accept"),
    path("<int:outreach_id>/", views.case_detail, name="detail"),
    path("<int:outreach_id>/edit/", views.case_edit, name="edit"),
    path("<int:outreach_id>/attempts/", views.attempt_add, name="attempt_add"),
    path("<int:outreach_id>/stage/", views.stage_set, name="stage"),
    path("<int:outreach_id>/person/", views.person_link, name="person_link"),
    path("<int:outreach_id>/handover/", views.handover, name="handover"),
]
