"""Messages for the next page after a POST that redirects (POST/redirect/GET)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Each field's Japanese error, for a small form whose page is redirected to."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


def flash_outcome(request: HttpRequest, change: Callable[[], str]) -> bool:
    """Run a service call; its success message, or the reason it was refused (a step the record
    may not take, or a colleague's save since the page was opened), goes to the next page.
    Returns whether it succeeded."""
    try:
        messages.success(request, change())
    except (InvalidTransition, ConcurrentEditError) as error:
        messages.error(request, error.message)
        return False
    return True
