"""After the review: locking the pack for the meeting, recording that it was held, and the
participation code (suggested from what is known, confirmed or changed by the IRO)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from portal import audit, child_letters, invitations, reviews
from portal.consultation import purposes
from portal.extensions import db
from portal.models import (
    Attendance,
    AttendanceMode,
    ParticipantRole,
    ParticipationCode,
    Purpose,
    Review,
    ReviewStatus,
    StaffUser,
)
from portal.models.base import utcnow
from portal.pack import participation


class OutcomeError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def lock_pack(review: Review, *, by: StaffUser) -> None:
    if review.pack_locked_at is None:
        review.pack_locked_at = utcnow()
        audit.record_for_review("pack.lock", review, staff=by)
        db.session.commit()


def views_sent(review: Review) -> bool:
    """Did the child's views reach the review through the portal?"""
    return any(
        invitation.role is ParticipantRole.CHILD
        and (consultation := invitation.consultation_for(Purpose.VIEWS)) is not None
        and bool(consultation.submissions)
        for invitation in review.invitations
    )


@dataclass(frozen=True)
class Outcome:
    """What the IRO records about a review held, as plain values (the staff page's form is
    the view's business): "yes", "no" or "" for attended; a Contribution's value or ""."""

    held_on: date | None
    attended: str
    contribution: str
    advocate_briefed: bool
    participation_code: str
    change_reason: str = ""


def day_it_was_held(review: Review) -> date:
    """The day recorded, or (before it is) the day it was booked for."""
    return review.held_on or review.scheduled_at.astimezone(reviews.local_zone()).date()


def known_from(outcome: Outcome, review: Review) -> participation.Known:
    held_on = outcome.held_on or day_it_was_held(review)
    attended = {"yes": True, "no": False}.get(outcome.attended)
    try:
        contribution = participation.Contribution(outcome.contribution)
    except ValueError:
        contribution = None
    return participation.Known(
        age_at_review=review.child.age_on(held_on),
        attended=attended,
        contribution=contribution,
        advocate_briefed=outcome.advocate_briefed,
        views_sent_through_portal=views_sent(review),
    )


def suggest(known: participation.Known) -> tuple[ParticipationCode | None, str]:
    return participation.suggest(known)


def keep_links_for_feedback(review: Review) -> None:
    """Everyone invited can give feedback with the same link until feedback closes."""
    last_day = purposes.closes_on(Purpose.FEEDBACK, review)
    if last_day is not None:
        invitations.keep_open_through(review.invitations, last_day)


MODE_TITLES = {
    AttendanceMode.IN_PERSON: "In person",
    AttendanceMode.ONLINE: "Online",
    AttendanceMode.PHONE: "By phone",
    AttendanceMode.DID_NOT_ATTEND: "Did not attend",
}


def attendance_from(review: Review, posted: Mapping[str, str]) -> dict[int, AttendanceMode]:
    """How each person invited took part, from the outcome form's `attendance-<invitation>`
    fields; anything that is not one of the modes, or not this review's invitation, is left out
    (and so not recorded)."""
    modes = {mode.value: mode for mode in AttendanceMode}
    return {
        invitation.id: modes[posted[f"attendance-{invitation.id}"]]
        for invitation in review.invitations
        if posted.get(f"attendance-{invitation.id}") in modes
    }


def _record_attendance(review: Review, modes: dict[int, AttendanceMode]) -> None:
    review.attendance.clear()
    db.session.flush()
    for invitation in review.invitations:
        if invitation.id in modes:
            review.attendance.append(
                Attendance(
                    invitation_id=invitation.id,
                    label=invitation.label,
                    role=invitation.role.value,
                    mode=modes[invitation.id],
                )
            )


def _child_attendance_agrees(
    review: Review, attended: bool | None, modes: dict[int, AttendanceMode]
) -> bool:
    for invitation in review.invitations:
        mode = modes.get(invitation.id)
        if invitation.role is ParticipantRole.CHILD and mode is not None and attended is not None:
            return (mode is not AttendanceMode.DID_NOT_ATTEND) == attended
    return True


def record_held(
    review: Review,
    outcome: Outcome,
    *,
    by: StaffUser,
    attendance: dict[int, AttendanceMode] | None = None,
) -> None:
    held_on = outcome.held_on
    assert held_on is not None
    if held_on > reviews.local_today():
        raise OutcomeError("held_on", "The date it was held cannot be in the future")
    if held_on < review.child.looked_after_since:
        raise OutcomeError("held_on", "The review cannot be before the child became looked after")
    code = ParticipationCode(outcome.participation_code)
    problem = participation.contradiction(code, known_from(outcome, review))
    if problem is not None:
        raise OutcomeError(*problem)
    attended = {"yes": True, "no": False}.get(outcome.attended)
    if not _child_attendance_agrees(review, attended, attendance or {}):
        raise OutcomeError(
            "attended", "How the child took part, below, does not agree with whether they attended"
        )
    changing = review.status is ReviewStatus.HELD
    if changing and not outcome.change_reason:
        raise OutcomeError("change_reason", "Choose why you are changing the outcome")
    before = review.participation_code.value if review.participation_code else None
    review.status = ReviewStatus.HELD
    review.held_on = held_on
    # The record is due 20 working days after the meeting: kept, so reports compare in SQL.
    review.record_due_on = child_letters.record_due(review)
    review.midpoint_due_on = purposes.midpoint_due(review)
    keep_links_for_feedback(review)
    review.child_attended = attended
    _record_attendance(review, attendance or {})
    review.advocate_briefed = outcome.advocate_briefed
    review.participation_code = code
    if changing:
        audit.record_for_review(
            "review.outcome_changed",
            review,
            staff=by,
            reason=outcome.change_reason,
            participation_code_before=before,
            participation_code=code.value,
        )
    else:
        audit.record_for_review("review.held", review, staff=by, participation_code=code.value)
    db.session.commit()
