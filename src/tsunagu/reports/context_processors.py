from django.http import HttpRequest

from tsunagu.privacy import policy


def overseer(request: HttpRequest) -> dict[str, bool]:
    """Whether the menu shows 事業の実績 (the rule is ``policy.sees_programme_figures``)."""
    user = getattr(request, "user", None)
    return {"sees_programme_figures": bool(user and policy.sees_programme_figures(user))}
