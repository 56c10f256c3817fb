"""The letter to the child about what was decided at their review, and the written record's
timeliness: the report tracks letters written within 20 working days of the meeting.

The IRO writes it in plain words (the plain-words checker warns, it never blocks); the child
reads it through their invitation, as do the parents and carers the IRO chooses; a reader can
react, ask a question (a request to talk to the IRO) or ask for help reading it (a request for
an interpreter or an advocate).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal import audit, invitations, plain_words, reviews, timescales
from portal.extensions import db
from portal.models import (
    Child,
    ChildLetter,
    Invitation,
    LetterReaction,
    ParticipantRole,
    Reaction,
    RequestKind,
    Review,
    ReviewKind,
    ReviewStatus,
    StaffUser,
)
from portal.models.base import utcnow
from portal.requests import raising

RECORD_WORKING_DAYS = 20
FIELDS = ("talked_about", "decided", "actions", "adult_version")


class LetterError(ValueError):
    pass


def letter_of(review: Review) -> ChildLetter | None:
    return db.session.execute(
        select(ChildLetter).where(ChildLetter.review_id == review.id)
    ).scalar_one_or_none()


def record_due(review: Review) -> date | None:
    """The day the letter (the written record) is due: 20 working days after the meeting."""
    if review.held_on is None:
        return None
    return record_due_for(review.held_on)


def record_due_for(held_on: date) -> date:
    return timescales.add_working_days(held_on, RECORD_WORKING_DAYS)


def next_review_on(review: Review) -> date | None:
    """When the next review is: the one booked, else the latest date it may be held."""
    child = review.child
    booked = reviews.booked(child)
    if booked is not None:
        return booked.scheduled_at.astimezone(reviews.local_zone()).date()
    if review.held_on is None:
        return None
    kind = ReviewKind.SECOND if review.kind is ReviewKind.FIRST else ReviewKind.SUBSEQUENT
    return timescales.due_date(
        kind, looked_after_since=child.looked_after_since, previous_review_on=review.held_on
    )


def warnings(texts: dict[str, str], organisation_words: str) -> dict[str, list]:
    extra = plain_words.parse_extra(organisation_words)
    return {name: plain_words.check(text, extra) for name, text in texts.items()}


def shareable(review: Review) -> list[Invitation]:
    """The parents and carers the IRO may choose to send the letter to as well."""
    return [i for i in review.invitations if i.role is not ParticipantRole.CHILD]


def save(
    review: Review,
    texts: dict[str, str],
    shared_with: list[int],
    *,
    by: StaffUser,
    send: bool,
) -> ChildLetter:
    """Keep the letter as a draft, or send it (the child can then read it). Only a review that
    was held has a letter."""
    if review.status is not ReviewStatus.HELD:
        raise LetterError("A letter is written after the review is held")
    letter = letter_of(review) or ChildLetter(review=review, written_by=by)
    db.session.add(letter)
    for name in FIELDS:
        setattr(letter, name, texts.get(name, "").strip())
    allowed = {invitation.id for invitation in shareable(review)}
    letter.shared_with = sorted(set(shared_with) & allowed)
    letter.written_by = by
    first_send = send and letter.sent_at is None
    if first_send:
        letter.sent_at = utcnow()
        review.record_written_on = sent_on(letter)  # for reports: the record's date, in SQL
        keep_readable(review, letter.shared_with)
    audit.record_for_review(
        "letter.sent" if first_send else "letter.saved",
        review,
        staff=by,
        shared_with=len(letter.shared_with),
    )
    db.session.commit()
    return letter


def keep_readable(review: Review, shared_with: list[int]) -> None:
    """Its readers' links keep working long enough to read it: the usual time after today."""
    readers = [
        i for i in review.invitations if i.role is ParticipantRole.CHILD or i.id in shared_with
    ]
    invitations.keep_open_after(readers, reviews.local_today())


def readable_by(invitation: Invitation) -> ChildLetter | None:
    """The sent letter this participant may read: the child always, others when chosen."""
    letter = letter_of(invitation.review)
    if letter is None or letter.sent_at is None:
        return None
    if invitation.role is ParticipantRole.CHILD or invitation.id in letter.shared_with:
        return letter
    return None


def react(letter: ChildLetter, invitation: Invitation, reaction: Reaction) -> None:
    existing = next((r for r in letter.reactions if r.invitation_id == invitation.id), None)
    if existing is None:
        letter.reactions.append(LetterReaction(invitation_id=invitation.id, reaction=reaction))
    else:
        existing.reaction = reaction
    db.session.commit()


def ask_question(invitation: Invitation, question: str) -> raising.Raised:
    """A question about the letter reaches the IRO as a request to talk to them."""
    details = raising.RequestDetails(kind=RequestKind.TALK_TO_IRO, about=question.strip())
    return raising.from_invitation(invitation, details)


def ask_help_reading(invitation: Invitation, kind: RequestKind) -> raising.Raised:
    """Help to read the letter: an interpreter in their language, or an advocate."""
    details = raising.RequestDetails(
        kind=kind,
        about="Help to read the letter about the review",
        language=invitation.language,
        interpreter_needed=kind is RequestKind.INTERPRETER,
    )
    return raising.from_invitation(invitation, details)


@dataclass(frozen=True)
class LetterDue:
    review: Review
    due: date
    overdue: bool


def letters_due(user: StaffUser, today: date) -> list[LetterDue]:
    """Held reviews on the caseload whose letter is not sent yet, soonest due first, in one
    query whatever the caseload."""
    rows = db.session.execute(
        reviews.reviews_visible_to(user)
        .outerjoin(ChildLetter, ChildLetter.review_id == Review.id)
        .where(Review.status == ReviewStatus.HELD, ChildLetter.sent_at.is_(None))
        .options(joinedload(Review.child).joinedload(Child.iro))
    ).scalars()
    due = [LetterDue(r, d, d < today) for r in rows if (d := record_due(r)) is not None]
    return sorted(due, key=lambda item: item.due)


@dataclass(frozen=True)
class RecordFigure:
    iro_name: str
    held: int
    on_time: int

    @property
    def percent(self) -> int:
        return round(100 * self.on_time / self.held) if self.held else 0


def written_on_time(organisation_id: int, since: date, until: date) -> list[RecordFigure]:
    """Per IRO: reviews held in the period, and how many had their letter sent within 20
    working days (the report's "written within 20 working days"). One query."""
    held = db.session.execute(
        select(Review)
        .join(Review.child)
        .where(
            Child.organisation_id == organisation_id,
            Review.status == ReviewStatus.HELD,
            Review.held_on >= since,
            Review.held_on <= until,
        )
        .options(joinedload(Review.child).joinedload(Child.iro), selectinload(Review.letter))
    ).scalars()
    figures: dict[str, list[int]] = {}
    for review in held:
        name = review.child.iro.name if review.child.iro else "Not allocated"
        counts = figures.setdefault(name, [0, 0])
        counts[0] += 1
        letter, due = review.letter, record_due(review)
        if due is not None and (day := sent_on(letter)) is not None:
            counts[1] += day <= due
    return [RecordFigure(name, held, on_time) for name, (held, on_time) in sorted(figures.items())]


def sent_on(letter: ChildLetter | None) -> date | None:
    """The day (UK time) the letter was sent, if it was."""
    if letter is None or letter.sent_at is None:
        return None
    return letter.sent_at.astimezone(reviews.local_zone()).date()


def organisation_figure(figures: list[RecordFigure]) -> RecordFigure:
    """The organisation's whole figure, from its IROs' (the report's headline number)."""
    return RecordFigure("All IROs", sum(f.held for f in figures), sum(f.on_time for f in figures))
