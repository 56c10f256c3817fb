"""Writing the audit trail. Events join the caller's transaction: no event without its action."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context

from portal.extensions import db
from portal.models import AuditEvent, Child, Invitation, Review, StaffUser


def record(
    action: str,
    *,
    organisation_id: int | None,
    staff: StaffUser | None = None,
    invitation: Invitation | None = None,
    subject: Child | Review | Invitation | StaffUser | None = None,
    child_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to the current unit of work; the caller commits.

    `detail` must never carry personal data: ids, counts and reasons only.
    """
    event = AuditEvent(
        organisation_id=organisation_id,
        actor_staff_id=staff.id if staff else None,
        actor_invitation_id=invitation.id if invitation else None,
        action=action,
        object_type=type(subject).__name__.lower() if subject is not None else None,
        object_id=subject.id if subject is not None else None,
        child_id=child_id,
        request_id=g.get("request_id") if has_request_context() else None,
        detail=detail,
    )
    db.session.add(event)
    return event


def record_for_invitation(
    action: str,
    invitation: Invitation,
    *,
    staff: StaffUser | None = None,
    by_participant: bool = False,
    **detail: Any,
) -> AuditEvent:
    """An event about an invitation, done by a member of staff or by its participant."""
    review = invitation.review
    return record(
        action,
        organisation_id=review.child.organisation_id,
        staff=staff,
        invitation=invitation if by_participant else None,
        subject=invitation,
        child_id=review.child_id,
        **detail,
    )


def record_for_review(
    action: str, review: Review, *, staff: StaffUser, **detail: Any
) -> AuditEvent:
    """An event about a review, done by a member of staff."""
    return record(
        action,
        organisation_id=review.child.organisation_id,
        staff=staff,
        subject=review,
        child_id=review.child_id,
        **detail,
    )
