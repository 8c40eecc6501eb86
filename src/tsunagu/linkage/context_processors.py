from django.http import HttpRequest

from tsunagu.privacy import policy


def reviewer(request: HttpRequest) -> dict[str, bool]:
    """Whether the menu shows 名寄せ (the rule is ``policy.reviews_linkage``)."""
    user = getattr(request, "user", None)
    return {"reviews_linkage": bool(user and policy.reviews_linkage(user))}
