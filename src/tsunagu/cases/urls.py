from django.urls import path

from tsunagu.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("my-work/", views.my_work, name="my_work"),
    path("open/", views.case_open, name="open"),
    path("decisions/", views.support_decisions, name="decisions"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/transition/", views.transition, name="transition"),
    path("<int:case_id>/team/", views.team_add, name="team_add"),
    path("<int:case_id>/team/<int:member_id>/leave/", views.team_leave, name="team_leave"),
    path("<int:case_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:case_id>/support-decision/", views.support_decide, name="support_decide"),
    path("<int:case_id>/assessment/", views.assessment_edit, name="assessment"),
    path("<int:case_id>/plan/", views.plan_edit, name="plan"),
    path("<int:case_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:case_id>/history/<str:kind>/", views.history, name="history"),
    path(
        "<int:case_id>/actions/<int:action_id>/status/", views.action_status, name="action_status"
    ),
]
