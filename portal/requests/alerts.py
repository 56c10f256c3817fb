"""Safety alerts: "Are you safe right now?" answered no by a child, or "Is a child in danger right
now?" answered yes by an adult. An alert is a request that stays at the top of the IRO's and the
managers' dashboards, whatever happens to the review, until someone has acknowledged it with the
action taken and closed it. One nobody acknowledges in time is escalated to the managers and
the organisation's duty address.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from portal import audit, outbox
from portal.extensions import db
from portal.models import (
    Invitation,
    Organisation,
    ParticipantRole,
    RequestKind,
    RequestSource,
    RequestStatus,
    SupportRequest,
)
from portal.models.base import utcnow
from portal.requests import raising

# However often the button is pressed, the IRO is emailed at most this often about one alert.
EMAIL_AT_MOST_EVERY = timedelta(hours=1)


def raise_alert(invitation: Invitation) -> SupportRequest:
    """Record the alert (or that it was raised again) and tell the IRO now, labelled with who
    raised it: the child, or which adult."""
    now = utcnow()
    alert = _open_alert_from(invitation)
    if alert is None:
        alert = raising.raised_through(
            invitation,
            kind=RequestKind.SAFETY_ALERT,
            source=RequestSource.SAFETY,
            fingerprint=raising.fingerprint(f"alert:{invitation.id}", now.isoformat()),
            minute=raising.minute_of(now),
            created_at=now,
        )
        db.session.add(alert)
        db.session.flush()
    alert.last_raised_at = now
    if alert.notified_at is None or now - alert.notified_at >= EMAIL_AT_MOST_EVERY:
        alert.notified_at = now
        kind = (
            "consultation.urgent"
            if invitation.role is ParticipantRole.CHILD
            else "consultation.urgent_from_adult"
        )
        outbox.notify(kind, outbox.review_team(invitation.review), f"/staff/requests/{alert.id}")
    audit.record_for_invitation("alert.raised", invitation, by_participant=True, request=alert.id)
    db.session.commit()
    return alert


def _open_alert_from(invitation: Invitation) -> SupportRequest | None:
    return db.session.execute(
        select(SupportRequest)
        .where(
            SupportRequest.invitation_id == invitation.id,
            SupportRequest.kind == RequestKind.SAFETY_ALERT,
            SupportRequest.status != RequestStatus.CLOSED,
        )
        .order_by(SupportRequest.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def escalate_due(now: datetime | None = None) -> int:
    """Escalate every alert still unacknowledged after ALERT_ESCALATION_MINUTES to the
    organisation's managers and duty address; each alert once. Returns how many."""
    now = now or utcnow()
    minutes = current_app.config["ALERT_ESCALATION_MINUTES"]
    due = db.session.execute(
        select(SupportRequest.id, SupportRequest.organisation_id).where(
            SupportRequest.kind == RequestKind.SAFETY_ALERT,
            SupportRequest.status == RequestStatus.RECEIVED,
            SupportRequest.escalated_at.is_(None),
            SupportRequest.created_at <= now - timedelta(minutes=minutes),
        )
    ).all()
    escalated = 0
    for alert_id, organisation_id in due:
        # Claimed with one conditional UPDATE: two escalators running at once send it once.
        claimed = db.session.execute(
            update(SupportRequest)
            .where(SupportRequest.id == alert_id, SupportRequest.escalated_at.is_(None))
            .values(escalated_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        outbox.notify(
            "alert.escalated",
            _duty_addresses(organisation_id),
            f"/staff/requests/{alert_id}",
            minutes=minutes,
        )
        audit.record("alert.escalated", organisation_id=organisation_id, request=alert_id)
        escalated += 1
    db.session.commit()
    return escalated


def _duty_addresses(organisation_id: int) -> list[str]:
    organisation = db.session.get(Organisation, organisation_id)
    duty = [organisation.duty_email] if organisation and organisation.duty_email else []
    return [*outbox.managers(organisation_id), *duty]
