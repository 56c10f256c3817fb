"""Which requests a member of staff sees, in a fixed number of queries however many there are.

- The advocacy service sees requests for advocates and Independent Visitors, with how to contact
  the person, and nothing of anyone's consultation.
- An IRO sees every request and alert raised for the children on their caseload.
- A manager sees the organisation's.
Anything else, or another organisation's, is not found (a 404).
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, false, select
from sqlalchemy.orm import joinedload, selectinload

from portal import reviews
from portal.extensions import db
from portal.models import Child, RequestEvent, RequestStatus, Role, StaffUser, SupportRequest
from portal.requests.status import SERVICE_KINDS

REQUEST_ROLES = frozenset({Role.ADVOCACY, Role.IRO, Role.MANAGER})


def visible_to(user: StaffUser) -> Select[SupportRequest]:
    query = select(SupportRequest).where(SupportRequest.organisation_id == user.organisation_id)
    if user.role is Role.ADVOCACY:
        return query.where(SupportRequest.kind.in_(SERVICE_KINDS))
    if user.role is Role.IRO:
        caseload = reviews.children_visible_to(user).with_only_columns(Child.id)
        return query.where(SupportRequest.child_id.in_(caseload))
    if user.role is Role.MANAGER:
        return query
    return query.where(false())  # no role that reads these: nothing


def worklist(user: StaffUser, include_closed: bool = False) -> list[SupportRequest]:
    """Open requests first, oldest first (they have waited longest); closed ones after."""
    query = visible_to(user).options(
        joinedload(SupportRequest.child).joinedload(Child.iro),
        joinedload(SupportRequest.review),
    )
    if not include_closed:
        query = query.where(SupportRequest.status != RequestStatus.CLOSED)
    rows = db.session.execute(query.order_by(SupportRequest.created_at)).scalars().all()
    return sorted(rows, key=lambda row: not row.is_open)


def request_for(user: StaffUser, request_id: int) -> SupportRequest:
    found = db.session.execute(
        visible_to(user)
        .where(SupportRequest.id == request_id)
        .options(
            joinedload(SupportRequest.child).joinedload(Child.iro),
            selectinload(SupportRequest.events).joinedload(RequestEvent.by),
        )
    ).scalar_one_or_none()
    if found is None:
        abort(404)
    return found
