from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsunagu.accounts import selectors
from tsunagu.accounts.models import Field, Program


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_users"] = selectors.demo_users()
            context["demo_password"] = selectors.DEMO_PASSWORD
        return context


def organization_list(request: HttpRequest) -> HttpResponse:
    """機関一覧: every staff member can find whom to refer to. No personal data."""
    organizations = selectors.organization_list()
    field = request.GET.get("field", "")
    if field in Field.values:
        organizations = [o for o in organizations if field in o.fields]
    context = {
        "organizations": organizations,
        "fields": Field.choices,
        "programs": Program.choices,
        "selected_field": field,
        "nav": "organizations",
    }
    return render(request, "accounts/organization_list.html", context)


def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    return render(
        request,
        "accounts/organization_detail.html",
        {"organization": organization, "nav": "organizations"},
    )
