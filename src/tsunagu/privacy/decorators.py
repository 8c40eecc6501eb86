from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tsunagu.accounts.models import Role
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record


def personal_data_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages with personal records are closed (403, audited) to roles that see no contents."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.sees_personal_data:
            audit_refusal(request, kwargs)
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def audit_refusal(request: HttpRequest, kwargs: dict[str, Any]) -> None:
    match = request.resolver_match
    audit_record(
        actor=request.user if request.user.is_authenticated else None,
        action="privacy.page.denied",
        person_id=kwargs.get("person_id"),
        grant=Grant.NONE,
        allowed=False,
        data={
            "page": match.view_name if match else "",
            **{k: v for k, v in kwargs.items() if isinstance(v, int)},
        },
    )


def records_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that create case records: roles that keep records only (not the municipal
    administrator, who sees aggregate figures, nor the auditor)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.keeps_records:
            audit_refusal(request, kwargs)
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def auditor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The audit-log pages are for the auditor role only; other roles get 403, and their
    attempt is itself audited."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.role != Role.AUDITOR:
            audit_record(
                actor=request.user,
                action="privacy.audit_log.denied",
                grant=Grant.NONE,
                allowed=False,
            )
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def permitted(check: Callable[[Any], bool], doc: str) -> Callable:
    """A view decorator for pages open to the users ``check`` (a rule of ``privacy.policy``)
    allows: anyone else gets 403, and the attempt is audited."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                audit_refusal(request, kwargs)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    decorator.__doc__ = doc
    return decorator
