"""Keeping participants' words no longer than the organisation says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import Child, Invitation, Organisation, Review, SaveReceipt
from portal.models.base import utcnow
from portal.sessions import purge_expired_sessions

# A save's idempotency key only needs to outlive the browser's retries of it.
SAVE_RECEIPT_DAYS = 2


@dataclass(frozen=True)
class PurgeResult:
    sessions: int
    invitations: int
    save_receipts: int = 0


def purge_expired() -> PurgeResult:
    """Delete expired sessions, old save receipts, and each invitation (with its consultation,
    answers and submissions) once its organisation's retention period after the invitation's
    expiry has passed."""
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
    receipts = db.session.execute(
        delete(SaveReceipt).where(SaveReceipt.created_at < now - timedelta(days=SAVE_RECEIPT_DAYS))
    ).rowcount
    db.session.commit()
    return PurgeResult(sessions, invitations, receipts or 0)
