"""A participant's session: which invitation it was opened with, checked on every request."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, render_template, session

from portal import invitations
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


def unavailable() -> tuple[str, int]:
    """The same friendly page for every link or code that does not work, and a 404."""
    return render_template("participate/unavailable.html"), 404


def invitation_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        invitation = current_invitation()
        if invitation is None:
            if "invitation_id" in session:
                session.end()  # type: ignore[attr-defined]
            return unavailable()
        return view(invitation, *args, **kwargs)

    return wrapper
