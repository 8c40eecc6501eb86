from django.contrib.auth import views as auth_views
from django.urls import path

from tsunagu.accounts import views
from tsunagu.accounts.decorators import otp_not_required
from tsunagu.accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        otp_not_required(
            views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("logout/", otp_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("organizations/", views.organization_list, name="organization_list"),
    path(
        "organizations/<int:organization_id>/",
        views.organization_detail,
        name="organization_detail",
    ),
]
