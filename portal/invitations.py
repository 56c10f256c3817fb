"""Invitations: issuing, reissuing and revoking them, and exchanging a link or code for a session.

A link carries a 256-bit random token and a letter carries a short code; the database keeps only
their SHA-256 digests, so neither can be read back: a lost letter is replaced by reissuing,
which also stops the old link and code working.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import audit, reviews
from portal.extensions import db
from portal.models import Child, Invitation, ParticipantRole, Review, StaffUser
from portal.models.base import utcnow

TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
# No 0/O, 1/I/L or U/V look-alikes: the code is typed from paper, often on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12  # 29 ** 12 is about 2 ** 58
CODE_GROUP = 4


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def normalise_code(typed: str) -> str | None:
    """The code as stored, from what someone typed ("abcd efgh-jkmn" works); None if impossible."""
    code = re.sub(r"[\s\-–—.]", "", typed).upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation together with its secrets: exists only in the response that issues it."""

    invitation: Invitation
    token: str
    code: str

    @property
    def url(self) -> str:
        return invitation_url(self.token)

    @property
    def display_code(self) -> str:
        return format_code(self.code)


def invitation_url(token: str) -> str:
    return f"{current_app.config['BASE_URL']}/i/{token}"


def code_page_url() -> str:
    return f"{current_app.config['BASE_URL']}/code"


def expiry_for(review: Review) -> datetime:
    return review.scheduled_at + timedelta(days=current_app.config["INVITATION_DAYS_AFTER_REVIEW"])


def keep_open_through(invitations: list[Invitation], last_day: date) -> None:
    """These links keep working through `last_day` (UK time), if they would stop sooner: there
    is still something for their participant to do or read. A revoked link stays revoked."""
    until = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=reviews.local_zone())
    for invitation in invitations:
        if invitation.revoked_at is None and invitation.expires_at < until:
            invitation.expires_at = until


def keep_open_after(invitations: list[Invitation], day: date) -> None:
    """These links keep working the usual time (INVITATION_DAYS_AFTER_REVIEW) after `day`."""
    days = current_app.config["INVITATION_DAYS_AFTER_REVIEW"]
    keep_open_through(invitations, day + timedelta(days=days))


def default_label(role: ParticipantRole, child: Child) -> str:
    return {
        ParticipantRole.CHILD: child.name,
        ParticipantRole.PARENT: "Parent",
        ParticipantRole.CARER: "Carer",
        ParticipantRole.OTHER: "Invited person",
    }[role]


def _new_secrets(invitation: Invitation) -> tuple[str, str]:
    token, code = new_token(), new_code()
    invitation.token_hash = digest(token)
    invitation.code_hash = digest(code)
    invitation.issued_at = utcnow()
    return token, code


def issue(
    review: Review,
    *,
    role: ParticipantRole,
    label: str,
    language: str,
    by: StaffUser,
    notify_email: str = "",
) -> IssuedInvitation:
    invitation = Invitation(
        review=review,
        role=role,
        label=label.strip() or default_label(role, review.child),
        language=language,
        expires_at=expiry_for(review),
        notify_email=notify_email.strip(),
    )
    token, code = _new_secrets(invitation)
    db.session.add(invitation)
    db.session.flush()
    audit.record_for_invitation("invitation.issue", invitation, staff=by, role=role.value)
    db.session.commit()
    return IssuedInvitation(invitation, token, code)


def reissue(invitation: Invitation, *, by: StaffUser) -> IssuedInvitation:
    """New link and code; the old ones, and any session opened with them, stop working."""
    token, code = _new_secrets(invitation)
    invitation.credential_version += 1
    invitation.revoked_at = None
    # A new link works at least as long as the old one would have (a letter may still be there
    # to read after the meeting), and never less than the usual time after the review.
    invitation.expires_at = max(invitation.expires_at, expiry_for(invitation.review))
    audit.record_for_invitation("invitation.reissue", invitation, staff=by)
    db.session.commit()
    return IssuedInvitation(invitation, token, code)


def revoke(invitation: Invitation, *, by: StaffUser) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        invitation.credential_version += 1
        audit.record_for_invitation("invitation.revoke", invitation, staff=by)
        db.session.commit()


def _usable(invitation: Invitation | None) -> Invitation | None:
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


def _find(column_value: str, by_code: bool) -> Invitation | None:
    column = Invitation.code_hash if by_code else Invitation.token_hash
    return db.session.execute(
        select(Invitation)
        .where(column == digest(column_value))
        .options(joinedload(Invitation.review).joinedload(Review.child))
    ).scalar_one_or_none()


def open_with_token(token: str) -> Invitation | None:
    """The usable invitation this link belongs to, or None (unknown, malformed, expired...)."""
    if not TOKEN_PATTERN.match(token):
        return None
    return _mark_opened(_usable(_find(token, by_code=False)))


def open_with_code(typed: str) -> Invitation | None:
    code = normalise_code(typed)
    if code is None:
        return None
    return _mark_opened(_usable(_find(code, by_code=True)))


def _mark_opened(invitation: Invitation | None) -> Invitation | None:
    if invitation is not None and invitation.first_opened_at is None:
        invitation.first_opened_at = utcnow()
        audit.record_for_invitation("invitation.first_opened", invitation, by_participant=True)
        db.session.commit()
    return invitation


def for_session(invitation_id: int | None, credential_version: int | None) -> Invitation | None:
    """The invitation a participant's session belongs to, if it is still good."""
    if invitation_id is None:
        return None
    invitation = db.session.execute(
        select(Invitation)
        .where(Invitation.id == invitation_id)
        .options(joinedload(Invitation.review).joinedload(Review.child).joinedload(Child.iro))
    ).scalar_one_or_none()
    if invitation is None or invitation.credential_version != credential_version:
        return None
    return _usable(invitation)


def remember_language(invitation: Invitation, language: str) -> None:
    if invitation.language != language:
        invitation.language = language
        db.session.commit()
