"""Keeping participants' words no longer than the organisation says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from portal import database, storage
from portal.extensions import db
from portal.models import Attachment, Child, Invitation, Organisation, Review, SaveReceipt
from portal.models.base import utcnow
from portal.sessions import purge_expired_sessions

# A save's idempotency key only needs to outlive the browser's retries of it.
SAVE_RECEIPT_DAYS = 2


@dataclass(frozen=True)
class PurgeResult:
    sessions: int
    invitations: int
    save_receipts: int = 0
    orphan_files: int = 0


def purge_expired() -> PurgeResult:
    """Delete expired sessions, old save receipts, each invitation (with its consultation,
    answers, submissions and attachments) once its organisation's retention period after the
    invitation's expiry has passed, and stored files no attachment points to any more."""
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
    receipts = database.rowcount(
        db.session.execute(
            delete(SaveReceipt).where(
                SaveReceipt.created_at < now - timedelta(days=SAVE_RECEIPT_DAYS)
            )
        )
    )
    db.session.commit()
    orphans = storage.remove_orphans(referenced_files())
    db.session.commit()
    return PurgeResult(sessions, invitations, receipts or 0, orphans)


def referenced_files() -> set[str]:
    keys = db.session.execute(select(Attachment.storage_key, Attachment.thumbnail_key)).all()
    return {key for row in keys for key in row if key}
