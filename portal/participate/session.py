"""A participant's session: which invitation it was opened with, checked on every request, and
whether the young person has given their secret in this session."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, redirect, render_template, session, url_for

from portal import invitation_secret, invitations
from portal.models import Invitation


def start(invitation: Invitation) -> None:
    """Swap the link or code for a fresh session that remembers only the invitation."""
    language = session.get("language")
    session.clear()
    session.regenerate()  # type: ignore[attr-defined]
    session["invitation_id"] = invitation.id
    session["credential_version"] = invitation.credential_version
    session["invitation_language"] = invitation.language
    if language:
        session["language"] = language


def current_invitation() -> Invitation | None:
    if "participant_invitation" not in g:
        invitation = invitations.for_session(
            session.get("invitation_id"), session.get("credential_version")
        )
        g.participant_invitation = invitation
        if invitation is not None:
            g.invitation_language = invitation.language
    return g.participant_invitation


def secret_given(invitation: Invitation) -> bool:
    return not invitation_secret.needs_secret(invitation) or bool(session.get("secret_ok"))


def unavailable() -> tuple[str, int]:
    """The same friendly page for every link or code that does not work, and a 404."""
    return render_template("participate/unavailable.html"), 404


def invitation_required(view: Callable[..., Any] | None = None, *, secret: bool = True) -> Any:
    """The view gets the session's invitation; without one it shows the friendly 404. With
    `secret` (the default) a young person must also have given their secret."""

    def decorate(inner: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(inner)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            invitation = current_invitation()
            if invitation is None:
                if "invitation_id" in session:
                    session.end()  # type: ignore[attr-defined]
                return unavailable()
            if secret and not secret_given(invitation):
                endpoint = "enter_secret" if invitation.secret_hash else "choose_secret"
                return redirect(url_for(f"participate.{endpoint}"), code=303)
            return inner(invitation, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
