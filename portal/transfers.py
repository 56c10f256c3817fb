"""Handing a child, or a whole caseload, to another IRO: from that moment the new IRO reads the
child's reviews, packs, requests and alerts, and the old one is shown none of them (a 404).
Each child moved is an audit event with the reason and the date, in the child's trail."""

from __future__ import annotations

import enum

from sqlalchemy import select

from portal import audit, reviews
from portal.extensions import db
from portal.models import Child, StaffUser


class TransferReason(enum.StrEnum):
    IRO_LEAVING = "iro_leaving"
    CASELOAD_BALANCE = "caseload_balance"
    CONFLICT_OF_INTEREST = "conflict_of_interest"
    CHILD_MOVED = "child_moved"
    CONTINUITY = "continuity"  # the child asked for, or needs, a particular IRO


REASON_TITLES = {
    TransferReason.IRO_LEAVING: "The IRO is leaving or on long-term leave",
    TransferReason.CASELOAD_BALANCE: "Balancing caseloads",
    TransferReason.CONFLICT_OF_INTEREST: "A conflict of interest",
    TransferReason.CHILD_MOVED: "The child has moved area or team",
    TransferReason.CONTINUITY: "The child asked for, or needs, a particular IRO",
}


class TransferError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def iro_to_receive(user: StaffUser, iro_id: int) -> StaffUser:
    """An active IRO of the user's own organisation, or a TransferError."""
    iro = next((i for i in reviews.iros_of(user.organisation_id) if i.id == iro_id), None)
    if iro is None:
        raise TransferError("to_iro_id", "Choose an IRO from your organisation")
    return iro


def transfer_child(child: Child, to: StaffUser, reason: TransferReason, *, by: StaffUser) -> None:
    if child.iro_id == to.id:
        raise TransferError("to_iro_id", f"{to.name} is already {child.name}'s IRO")
    _move(child, to, reason, by)
    db.session.commit()


def transfer_caseload(
    from_iro: StaffUser, to: StaffUser, reason: TransferReason, *, by: StaffUser
) -> int:
    """Every child of one IRO to another, in one transaction. How many were moved."""
    if from_iro.id == to.id:
        raise TransferError("to_iro_id", "Choose a different IRO to receive the caseload")
    children = list(
        db.session.execute(
            select(Child).where(
                Child.organisation_id == by.organisation_id, Child.iro_id == from_iro.id
            )
        ).scalars()
    )
    for child in children:
        _move(child, to, reason, by)
    db.session.commit()
    return len(children)


def _move(child: Child, to: StaffUser, reason: TransferReason, by: StaffUser) -> None:
    audit.record(
        "child.transfer",
        organisation_id=child.organisation_id,
        staff=by,
        subject=child,
        child_id=child.id,
        from_iro=child.iro_id,
        to_iro=to.id,
        reason=reason.value,
        on=reviews.local_today().isoformat(),
    )
    child.iro = to
