"""Who may use which staff route."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, flash, redirect, request, session, url_for
from flask_login import current_user

from portal.extensions import db, login_manager
from portal.models import Role, StaffUser

FIRST_SIGN_IN_ENDPOINT = "staff.change_password"


def init_login_manager() -> None:
    login_manager.login_view = "staff.sign_in"
    # Sessions are server-side and renewed at sign-in; binding them to IP addresses would sign
    # people out whenever a phone changes network.
    login_manager.session_protection = None
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorised)


def _load_user(user_id: str) -> StaffUser | None:
    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def _unauthorised() -> Any:
    if getattr(session, "expired", False):
        flash("You were signed out because you had not used the portal for a while.", "info")
    return redirect(url_for("staff.sign_in"))


def roles_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed in, with one of these roles; anyone else gets a 404, as if the page did not exist."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _unauthorised()
            if current_user.role not in allowed:
                abort(404)
            if current_user.password_change_required and request.endpoint != FIRST_SIGN_IN_ENDPOINT:
                return redirect(url_for(FIRST_SIGN_IN_ENDPOINT), code=303)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def signed_in_user() -> StaffUser:
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    assert isinstance(user, StaffUser)
    return user
