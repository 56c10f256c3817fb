"""Keeping participants' words no longer than the organisation says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import Child, Invitation, Organisation, Review
from portal.models.base import utcnow
from portal.sessions import purge_expired_sessions


@dataclass(frozen=True)
class PurgeResult:
    sessions: int
    invitations: int


def purge_expired() -> PurgeResult:
    """Delete expired sessions, and each invitation (and everything sent through it) once its
    organisation's retention period after the invitation's expiry has passed."""
    sessions = purge_expired_sessions()
    invitations = 0
    now = utcnow()
    for organisation in db.session.execute(select(Organisation)).scalars():
        cutoff = now - timedelta(days=organisation.data_retention_days)
        ended = list(
            db.session.execute(
                select(Invitation.id)
                .join(Invitation.review)
                .join(Review.child)
                .where(Child.organisation_id == organisation.id, Invitation.expires_at < cutoff)
            ).scalars()
        )
        if ended:
            db.session.execute(delete(Invitation).where(Invitation.id.in_(ended)))
            invitations += len(ended)
    db.session.commit()
    return PurgeResult(sessions, invitations)
