"""The midpoint: three months after each second or later review, the IRO checks the plan is
happening and writes a short note to the child (what's working well, what we're worried about,
what needs to happen), in plain words. Tracked as due, overdue and done on the IRO's dashboard.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from portal import audit, invitations, lifecycle, reviews
from portal.consultation import engine, purposes
from portal.consultation.kinds import handler_for
from portal.extensions import db
from portal.models import (
    Child,
    Invitation,
    MidpointNote,
    ParticipantRole,
    Purpose,
    Review,
    ReviewKind,
    ReviewStatus,
    StaffUser,
)
from portal.models.base import utcnow

SHOWN_WEEKS_BEFORE = 4  # the dashboard lists a midpoint from four weeks before it is due
FIELDS = ("working_well", "worried_about", "needs_to_happen")


class MidpointError(ValueError):
    pass


class State(enum.StrEnum):
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


def due_on(review: Review) -> date | None:
    """Three months after a second or later review was held; first reviews have none (the
    second follows three months later)."""
    return purposes.midpoint_due(review)


def note_of(review: Review) -> MidpointNote | None:
    return review.midpoint


def save(review: Review, texts: dict[str, str], *, by: StaffUser, send: bool) -> MidpointNote:
    """Keep the note as a draft, or send it to the child (the midpoint is then done)."""
    due = due_on(review)
    if review.status is not ReviewStatus.HELD or due is None:
        raise MidpointError("A midpoint follows a second or later review that was held")
    note = note_of(review) or MidpointNote(review=review, written_by=by)
    db.session.add(note)
    for name in FIELDS:
        setattr(note, name, texts.get(name, "").strip())
    note.written_by = by
    first_send = send and note.sent_at is None
    if first_send:
        note.sent_at = utcnow()
        children = [i for i in review.invitations if i.role is ParticipantRole.CHILD]
        invitations.keep_open_after(children, reviews.local_today())
    audit.record_for_review("midpoint.sent" if first_send else "midpoint.saved", review, staff=by)
    db.session.commit()
    db.session.refresh(review)
    return note


def readable_by(invitation: Invitation) -> MidpointNote | None:
    """The child reads the note sent after their review; nobody else does."""
    if invitation.role is not ParticipantRole.CHILD:
        return None
    note = note_of(invitation.review)
    return note if note is not None and note.sent_at is not None else None


@dataclass(frozen=True)
class Midpoint:
    review: Review
    due: date
    state: State


def midpoints(user: StaffUser, today: date, include_done: bool = False) -> list[Midpoint]:
    """The caseload's midpoints from four weeks before they are due, until the next review is
    held: due, overdue or (with include_done) done. A fixed number of queries."""
    rows = reviews.reviews_visible_to(user).where(
        Review.status == ReviewStatus.HELD, Review.kind != ReviewKind.FIRST
    )
    held = db.session.execute(
        rows.options(
            joinedload(Review.child).selectinload(Child.reviews),
            selectinload(Review.midpoint),
        )
    ).scalars()
    found = []
    for review in held:
        due = due_on(review)
        if due is None or _superseded(review) or today < due - timedelta(weeks=SHOWN_WEEKS_BEFORE):
            continue
        note = review.midpoint
        if note is not None and note.sent_at is not None:
            if include_done:
                found.append(Midpoint(review, due, State.DONE))
            continue
        found.append(Midpoint(review, due, State.OVERDUE if today > due else State.DUE))
    return sorted(found, key=lambda midpoint: midpoint.due)


def _superseded(review: Review) -> bool:
    """A later review has been held: this one's midpoint is past being useful."""
    return any(
        other.held_on is not None and review.held_on is not None and other.held_on > review.held_on
        for other in review.child.reviews
        if other.status is ReviewStatus.HELD
    )


def _check_in_words() -> tuple[str, str]:
    return _("How are things going?"), _(
        "Your IRO would like to know how things are going, halfway to your next review meeting."
    )


def invite_to_check_in(review: Review, *, by: StaffUser) -> list[Invitation]:
    """Open the check-in to the child: their link works again until it closes, and if they gave
    an email address they are told, in their language. The child's invitations it reached."""
    last_day = purposes.closes_on(Purpose.MIDPOINT, review)
    children = [
        i for i in review.invitations if i.role is ParticipantRole.CHILD and i.revoked_at is None
    ]
    if last_day is None or not children:
        raise MidpointError("Invite the child to this review first, from the review's page")
    invitations.keep_open_through(children, last_day)
    for invitation in children:
        lifecycle.email_participant(invitation, "midpoint.check_in", _check_in_words)
    audit.record_for_review("midpoint.invited", review, staff=by, invitations=len(children))
    db.session.commit()
    return children


@dataclass(frozen=True)
class CheckInAnswer:
    question: str
    answer: str


def check_in_of(review: Review) -> list[CheckInAnswer]:
    """What the child said in the check-in, in words (the latest version sent), for the IRO."""
    for invitation in review.invitations:
        consultation = invitation.consultation_for(Purpose.MIDPOINT)
        if consultation is None or consultation.latest_submission is None:
            continue
        form = engine.definition(consultation)
        answers = consultation.latest_submission.answers
        with force_locale("en"):
            return [
                CheckInAnswer(
                    str(q.label), "; ".join(handler_for(q).pack_lines(q, answers[q.id]["value"]))
                )
                for q in form.questions
                if q.id in answers
            ]
    return []
