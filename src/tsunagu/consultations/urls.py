from django.urls import path

from tsunagu.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("<int:consultation_id>/", views.consultation_detail, name="detail"),
    path("activities/today/", views.activities_today, name="activities_today"),
    path("people/<int:person_id>/timeline/", views.person_timeline, name="person_timeline"),
    path("people/<int:person_id>/activities/new/", views.activity_create, name="activity_create"),
    path("people/<int:person_id>/referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/sent/", views.referral_sent, name="referral_sent"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<int:referral_id>/decline/", views.referral_decline, name="referral_decline"),
    path(
        "referrals/<int:referral_id>/complete/", views.referral_complete, name="referral_complete"
    ),
]
