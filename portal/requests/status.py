"""Moving a request on: who may, which steps are allowed, and what the person who asked sees.

received → acknowledged → allocated (to a first name, with a date to be contacted by), or
→ waiting list, → closed (with an outcome). A safety alert is acknowledged with the action
taken, then closed. Each step is one conditional UPDATE, so two people pressing at once make
one step and the other is told who did it; each step is also an event, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import update

from portal import audit, reviews, templating, timescales
from portal.extensions import db
from portal.models import RequestEvent, RequestKind, RequestStatus, Role, StaffUser, SupportRequest
from portal.models.base import utcnow

S = RequestStatus
STEPS: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.RECEIVED: frozenset({S.ACKNOWLEDGED, S.ALLOCATED, S.WAITING_LIST, S.CLOSED}),
    S.ACKNOWLEDGED: frozenset({S.ALLOCATED, S.WAITING_LIST, S.CLOSED}),
    S.WAITING_LIST: frozenset({S.ALLOCATED, S.CLOSED}),
    S.ALLOCATED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}
# An alert is acknowledged, with what was done, before it can be closed.
ALERT_STEPS: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.RECEIVED: frozenset({S.ACKNOWLEDGED}),
    S.ACKNOWLEDGED: frozenset({S.CLOSED}),
}
# What the services provide: only their staff move these on.
SERVICE_KINDS = frozenset({RequestKind.ADVOCATE, RequestKind.INDEPENDENT_VISITOR})


class StepRefused(Exception):
    """The request is no longer where the step starts from (someone else moved it first)."""

    def __init__(self, request: SupportRequest) -> None:
        super().__init__(request.status.value)
        self.request = request


@dataclass(frozen=True)
class Step:
    to: RequestStatus
    note: str = ""  # the action taken (an alert's acknowledgement) or the outcome (closing)
    allocated_to: str = ""
    contact_by: date | None = None


def next_steps(request: SupportRequest) -> frozenset[RequestStatus]:
    steps = ALERT_STEPS if request.is_alert else STEPS
    return steps.get(request.status, frozenset())


def may_move(user: StaffUser, request: SupportRequest) -> bool:
    """Advocates and Independent Visitors are the services' to move on; everything else (alerts,
    talking to the IRO, interpreters) is the child's IRO's, or a manager's."""
    if request.organisation_id != user.organisation_id:
        return False
    if request.kind in SERVICE_KINDS:
        return user.role is Role.ADVOCACY
    if user.role is Role.MANAGER:
        return True
    child = request.child
    return user.role is Role.IRO and child is not None and child.iro_id == user.id


def move(request: SupportRequest, step: Step, by: StaffUser) -> None:
    """Take one step, or raise StepRefused if another took the request elsewhere first."""
    starts = [
        status
        for status, targets in (ALERT_STEPS if request.is_alert else STEPS).items()
        if step.to in targets
    ]
    now = utcnow()
    values: dict[str, object] = {"status": step.to, "status_changed_at": now}
    if step.to is S.ALLOCATED:
        values |= {"allocated_to": step.allocated_to, "contact_by": step.contact_by}
    moved = db.session.execute(
        update(SupportRequest)
        .where(SupportRequest.id == request.id, SupportRequest.status.in_(starts))
        .values(**values)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        db.session.refresh(request)
        raise StepRefused(request)
    db.session.add(
        RequestEvent(request_id=request.id, status=step.to, by=by, note=step.note, at=now)
    )
    audit.record(
        "request.status",
        organisation_id=request.organisation_id,
        staff=by,
        child_id=request.child_id,
        request=request.id,
        status=step.to.value,
    )
    db.session.commit()
    db.session.refresh(request)


def last_event(request: SupportRequest, status: RequestStatus) -> RequestEvent | None:
    return next((event for event in reversed(request.events) if event.status is status), None)


def told(request: SupportRequest) -> str:
    """Where the request is, in the words the person who asked is shown, in their language."""
    visitor = request.kind is RequestKind.INDEPENDENT_VISITOR
    if request.status is S.ALLOCATED:
        day = request.contact_by
        by = templating.own_digits(format_date(day, "EEEE d MMMM")) if day else ""
        if visitor:
            return _(
                "Your Independent Visitor is %(name)s. They will contact you by %(day)s.",
                name=request.allocated_to,
                day=by,
            )
        return _(
            "Your advocate is %(name)s. They will contact you by %(day)s.",
            name=request.allocated_to,
            day=by,
        )
    if request.status is S.WAITING_LIST:
        if visitor:
            return _("You are on the waiting list for an Independent Visitor.")
        return _("You are on the waiting list for an advocate.")
    if request.status is S.ACKNOWLEDGED:
        return _("Someone has read your request and will be in touch.")
    if request.status is S.CLOSED:
        return _("This request is finished.")
    return _("We've got your request.")


def contact_by_default() -> date:
    """Five working days from today: a date the service can be held to."""
    return timescales.add_working_days(reviews.local_today(), 5)
