from collections.abc import Callable
from typing import Any


def otp_not_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as open to a user who gave the password but not yet the one-time code
    (the code pages themselves, logout, the language switch). Like ``login_not_required``."""
    view.otp_required = False  # type: ignore[attr-defined]
    return view
