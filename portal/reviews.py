"""Children and their reviews: adding, scheduling, and who may see which.

Every staff query for a child or a review goes through `children_visible_to` /
`reviews_visible_to`, so an object outside someone's caseload or organisation is simply not
found (a 404), never "forbidden".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import abort, current_app
from sqlalchemy import Select, false, select
from sqlalchemy.orm import joinedload, selectinload

from portal import audit, database, timescales
from portal.extensions import db
from portal.models import (
    Child,
    Consultation,
    Invitation,
    Review,
    ReviewFormat,
    ReviewKind,
    ReviewStatus,
    Role,
    StaffUser,
)
from portal.models.base import utcnow

# Roles that may read children's records, and which of them see the whole organisation.
CASE_ROLES = frozenset({Role.IRO, Role.REVIEW_ADMIN, Role.MANAGER})
ORGANISATION_WIDE_ROLES = frozenset({Role.REVIEW_ADMIN, Role.MANAGER})


class ReviewRuleError(ValueError):
    """A request that breaks a rule about children or reviews; the message is for staff."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_today() -> date:
    return utcnow().astimezone(local_zone()).date()


def children_visible_to(user: StaffUser) -> Select[Child]:
    query = select(Child).where(Child.organisation_id == user.organisation_id)
    if user.role is Role.IRO:
        return query.where(Child.iro_id == user.id)
    if user.role in ORGANISATION_WIDE_ROLES:
        return query
    return query.where(false())  # no role that reads these: nothing


def reviews_visible_to(user: StaffUser) -> Select[Review]:
    return (
        select(Review)
        .join(Review.child)
        .where(Child.id.in_(children_visible_to(user).with_only_columns(Child.id)))
    )


def child_for(user: StaffUser, child_id: int) -> Child:
    child = db.session.execute(
        children_visible_to(user).where(Child.id == child_id).options(joinedload(Child.iro))
    ).scalar_one_or_none()
    if child is None:
        abort(404)
    return child


def review_for(user: StaffUser, review_id: int) -> Review:
    review = db.session.execute(
        reviews_visible_to(user)
        .where(Review.id == review_id)
        .options(
            joinedload(Review.child).joinedload(Child.iro),
            # The review page shows each invitation's progress, secret and urgent flag.
            selectinload(Review.invitations)
            .selectinload(Invitation.consultations)
            .selectinload(Consultation.submissions),
        )
    ).scalar_one_or_none()
    if review is None:
        abort(404)
    return review


def iros_of(organisation_id: int) -> list[StaffUser]:
    return list(
        db.session.execute(
            select(StaffUser)
            .where(
                StaffUser.organisation_id == organisation_id,
                StaffUser.role == Role.IRO,
                StaffUser.active.is_(True),
            )
            .order_by(StaffUser.name)
        ).scalars()
    )


@dataclass
class ChildDetails:
    name: str
    date_of_birth: date
    preferred_language: str
    interpreter_needed: bool
    case_reference: str
    iro_id: int | None
    looked_after_since: date
    uasc: bool


def _check(user: StaffUser, details: ChildDetails, child: Child | None = None) -> str:
    """The details' rules, for adding a child or changing one; the case reference, trimmed."""
    today = local_today()
    if details.date_of_birth > today:
        raise ReviewRuleError("date_of_birth", "Date of birth must be today or in the past")
    if details.looked_after_since < details.date_of_birth:
        raise ReviewRuleError(
            "looked_after_since", "The date they became looked after must be after their birth"
        )
    if details.looked_after_since > today:
        raise ReviewRuleError(
            "looked_after_since", "The date they became looked after must be today or earlier"
        )
    if details.iro_id is not None and details.iro_id not in {
        iro.id for iro in iros_of(user.organisation_id)
    }:
        raise ReviewRuleError("iro_id", "Choose an IRO from your organisation")
    reference = details.case_reference.strip()
    clash = select(Child.id).where(
        Child.organisation_id == user.organisation_id, Child.case_reference == reference
    )
    if child is not None:
        clash = clash.where(Child.id != child.id)
    if db.session.execute(clash).first():
        raise ReviewRuleError("case_reference", "A child with this case reference already exists")
    return reference


def add_child(user: StaffUser, details: ChildDetails) -> Child:
    reference = _check(user, details)
    child = Child(organisation_id=user.organisation_id, iro_id=details.iro_id)
    _copy(details, reference, child)
    db.session.add(child)
    db.session.commit()
    return child


def change_child(user: StaffUser, child: Child, details: ChildDetails) -> list[str]:
    """Correct a child's details (their IRO changes by transfer, not here). The names of the
    details that changed, which the audit trail records (never their values)."""
    reference = _check(user, details, child)
    before = {name: getattr(child, name) for name in CHANGEABLE}
    _copy(details, reference, child)
    changed = [name for name in CHANGEABLE if getattr(child, name) != before[name]]
    if changed:
        audit.record(
            "child.update",
            organisation_id=child.organisation_id,
            staff=user,
            subject=child,
            child_id=child.id,
            changed=changed,
        )
    db.session.commit()
    return changed


CHANGEABLE = (
    "name",
    "date_of_birth",
    "preferred_language",
    "interpreter_needed",
    "case_reference",
    "looked_after_since",
    "uasc",
)


def _copy(details: ChildDetails, reference: str, child: Child) -> None:
    child.name = details.name.strip()
    child.date_of_birth = details.date_of_birth
    child.preferred_language = details.preferred_language
    child.interpreter_needed = details.interpreter_needed
    child.case_reference = reference
    child.looked_after_since = details.looked_after_since
    child.uasc = details.uasc


def last_held(child: Child) -> Review | None:
    """The child's latest review held in the portal: the next one's kind and due date run from
    its kind and the day it was *held* (late or early), never the day it was booked for."""
    held = [r for r in child.reviews if r.status is ReviewStatus.HELD and r.held_on is not None]
    return max(held, key=lambda r: r.held_on) if held else None  # type: ignore[arg-type,return-value]


def booked(child: Child) -> Review | None:
    """The child's review booked and not yet held or cancelled: there is at most one."""
    return next((r for r in child.reviews if r.status is ReviewStatus.SCHEDULED), None)


def next_kind(child: Child) -> ReviewKind:
    """First, then second, then subsequent, from the kind of the last review held. A child whose
    earlier reviews predate the portal has the kind chosen by the administrator instead."""
    previous = last_held(child)
    if previous is None:
        return ReviewKind.FIRST
    return ReviewKind.SECOND if previous.kind is ReviewKind.FIRST else ReviewKind.SUBSEQUENT


def default_previous_review_on(child: Child) -> date | None:
    previous = last_held(child)
    return previous.held_on if previous is not None else None


def due_date_for(child: Child, kind: ReviewKind, previous_review_on: date | None) -> date:
    try:
        return timescales.due_date(
            kind, looked_after_since=child.looked_after_since, previous_review_on=previous_review_on
        )
    except ValueError as error:
        raise ReviewRuleError(
            "previous_review_on", "Enter the date of the previous review"
        ) from error


@dataclass
class ReviewDetails:
    kind: ReviewKind
    previous_review_on: date | None
    scheduled_on: date
    scheduled_time: time
    venue: str
    format: ReviewFormat


class AlreadyBooked(ReviewRuleError):
    """A review is booked for this child already: move it, or hold it, before booking another."""

    def __init__(self, review: Review) -> None:
        day = review.scheduled_at.astimezone(local_zone()).date()
        super().__init__("scheduled_on", f"A review is already booked for {day.day} {day:%B %Y}")
        self.review = review


def schedule_review(child: Child, details: ReviewDetails) -> Review:
    """Book the child's next review. With reviews held in the portal, its kind and the date its
    due date runs from come from that history, whatever the form said; without, from what the
    administrator entered about the last review held before the portal."""
    # Under a lock on the child, so two administrators booking at once make one booking.
    database.lock_row(Child, child.id)
    db.session.refresh(child, ["reviews"])
    existing = booked(child)
    if existing is not None:
        db.session.rollback()
        raise AlreadyBooked(existing)
    if last_held(child) is not None:
        details.kind = next_kind(child)
        details.previous_review_on = default_previous_review_on(child)
    if details.scheduled_on < child.looked_after_since:
        raise ReviewRuleError(
            "scheduled_on", "The review cannot be before the child became looked after"
        )
    if details.kind is ReviewKind.FIRST:
        details.previous_review_on = None
    elif details.previous_review_on and details.previous_review_on >= details.scheduled_on:
        raise ReviewRuleError("previous_review_on", "The previous review must be before this one")
    due = due_date_for(child, details.kind, details.previous_review_on)
    review = Review(
        child=child,
        kind=details.kind,
        previous_review_on=details.previous_review_on,
        due_date=due,
        scheduled_at=datetime.combine(
            details.scheduled_on, details.scheduled_time, tzinfo=local_zone()
        ),
        venue=details.venue.strip(),
        format=details.format,
    )
    db.session.add(review)
    db.session.commit()
    return review


def review_number(review: Review) -> int:
    """1 for a child's first review in the portal, 2 for the next, ..."""
    held_or_booked = [r for r in review.child.reviews if r.status is not ReviewStatus.CANCELLED]
    return held_or_booked.index(review) + 1 if review in held_or_booked else 0


def timeliness(review: Review) -> timescales.Timeliness:
    if review.adjourned_on is not None:
        # Adjourned: the review began on its first part, which is what the statutory date asks.
        late = review.adjourned_on > review.due_date
        return timescales.Timeliness(
            overdue=late, scheduled_late=late, due_soon=False, working_days_left=0
        )
    scheduled_on = review.scheduled_at.astimezone(local_zone()).date()
    return timescales.timeliness(review.due_date, scheduled_on, local_today())
