"""Who may read what a participant marked *Only my IRO*.

The promise the portal makes to a child is that their IRO reads it. The child's IRO may read
the IRO-only section by right. A manager may read it only after recording why (the IRO is away,
a safeguarding concern, a quality check): the reason goes into the audit trail, where the
child's audit view shows it, and it opens the section for that manager and that review for a
limited time. Everyone else who may see the review gets the meeting pack.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from portal import audit
from portal.extensions import db
from portal.models import AuditEvent, Review, Role, StaffUser
from portal.models.base import utcnow

ACTION = "pack.private_access"


class Reason(enum.StrEnum):
    IRO_AWAY = "iro_away"
    SAFEGUARDING = "safeguarding"
    QUALITY_CHECK = "quality_check"


REASON_TITLES = {
    Reason.IRO_AWAY: "The child's IRO is away and someone must act on what they were told",
    Reason.SAFEGUARDING: "A safeguarding concern",
    Reason.QUALITY_CHECK: "A quality check of the IRO service",
}


def reads_by_right(user: StaffUser, review: Review) -> bool:
    return user.role is Role.IRO and review.child.iro_id == user.id


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["PRIVATE_ACCESS_MINUTES"])


def reason_recorded_since(user: StaffUser, review: Review, since: datetime) -> bool:
    latest = db.session.execute(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.action == ACTION,
            AuditEvent.actor_staff_id == user.id,
            AuditEvent.object_type == "review",
            AuditEvent.object_id == review.id,
        )
    ).scalar()
    return latest is not None and latest >= since


def may_read_private(user: StaffUser, review: Review, now: datetime | None = None) -> bool:
    if reads_by_right(user, review):
        return True
    if user.role is not Role.MANAGER:
        return False
    return reason_recorded_since(user, review, (now or utcnow()) - _window())


def may_record_reason(user: StaffUser) -> bool:
    return user.role is Role.MANAGER


def record_reason(user: StaffUser, review: Review, reason: Reason) -> None:
    """A manager says why they need the IRO-only section; the caller has checked the role."""
    if not may_record_reason(user):
        raise PermissionError("only managers record a reason to read the IRO-only section")
    audit.record_for_review(ACTION, review, staff=user, reason=reason.value)
    db.session.commit()
