from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def personal_data_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages with personal records are closed to roles that do not work with records."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.sees_personal_data:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def records_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that create case records: roles that keep records only (not the municipal
    administrator, who sees aggregate figures, nor the auditor)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.keeps_records:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
