"""Reminders that fall due with time, sent by the outbox worker, each exactly once.

- A participant who gave an email address and has sent nothing yet hears, a week before the
  meeting, that there is still time to say what they think (in their language; no name, no
  words, as every participant email).
- The review team hears when the record of a held review is due within three days and is not
  written yet: the statutory 20 working days are easy to miss with a caseload of seventy.

"Exactly once" holds with several workers at once: each reminder is a row whose key (kind,
subject, occasion) is unique, inserted in the same transaction as its email. The worker whose
insert succeeds sends it; any other meets the unique key and leaves it. A meeting moved to a
new date is a new occasion, so its reminder comes again for the new date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from portal import lifecycle, outbox, reviews, templating
from portal.extensions import db
from portal.models import Invitation, Reminder, Review, ReviewStatus
from portal.models.base import utcnow

MEETING_SOON = "participant.meeting_soon"
RECORD_DUE = "review.record_due"
# How far ahead each reminder is sent.
MEETING_NOTICE = timedelta(days=7)
RECORD_NOTICE = timedelta(days=3)
Subject = TypeVar("Subject", Invitation, Review)


def send_due(now: datetime | None = None) -> int:
    """Queue every reminder that is due and not yet sent; how many were queued."""
    now = now or utcnow()
    sent = 0
    for invitation in _not_yet_reminded(MEETING_SOON, _meetings_soon(now)):
        sent += _claim_and_send(invitation)
    for review in _not_yet_reminded(RECORD_DUE, _records_due()):
        sent += _claim_and_tell_team(review)
    return sent


def occasion_of(subject: Invitation | Review) -> str:
    if isinstance(subject, Invitation):
        return subject.review.scheduled_at.isoformat()
    assert subject.record_due_on is not None  # (selected for it)
    return subject.record_due_on.isoformat()


def _meetings_soon(now: datetime) -> Sequence[Invitation]:
    """Invitations whose participant gave an address, has sent nothing yet, and meets within
    a week."""
    query = (
        select(Invitation)
        .join(Review, Invitation.review_id == Review.id)
        .options(contains_eager(Invitation.review))  # each reminder names its meeting's date
        .where(
            Invitation.notify_email != "",
            Invitation.revoked_at.is_(None),
            Invitation.submitted_at.is_(None),
            Invitation.expires_at > now,
            Review.status == ReviewStatus.SCHEDULED,
            Review.scheduled_at > now,
            Review.scheduled_at <= now + MEETING_NOTICE,
        )
        .order_by(Invitation.id)
    )
    return db.session.execute(query).scalars().all()


def _records_due() -> Sequence[Review]:
    """Held reviews whose record is due within three days (or overdue) and not written."""
    query = (
        select(Review)
        .where(
            Review.status == ReviewStatus.HELD,
            Review.imported.is_(False),
            Review.record_written_on.is_(None),
            Review.record_due_on <= reviews.local_today() + RECORD_NOTICE,
        )
        .order_by(Review.id)
    )
    return db.session.execute(query).scalars().all()


def _not_yet_reminded(kind: str, subjects: Sequence[Subject]) -> list[Subject]:
    """The subjects whose reminder for their current occasion is not sent (one query)."""
    if not subjects:
        return []
    rows = db.session.execute(
        select(Reminder.subject_id, Reminder.occasion).where(
            Reminder.kind == kind, Reminder.subject_id.in_([s.id for s in subjects])
        )
    )
    sent = {(subject_id, occasion) for subject_id, occasion in rows}
    return [s for s in subjects if (s.id, occasion_of(s)) not in sent]


def _claim_and_send(invitation: Invitation) -> int:
    review = invitation.review
    if not _claim(MEETING_SOON, invitation.id, occasion_of(invitation)):
        return 0
    lifecycle.email_participant(invitation, MEETING_SOON, lambda: _meeting_words(review))
    db.session.commit()
    return 1


def _meeting_words(review: Review) -> tuple[str, str]:
    when = templating.date_at_time(review.scheduled_at)
    return _("A reminder about the review meeting"), _(
        "The review meeting is on %(when)s. If you want to, there is still time to say what "
        "you think before it.",
        when=when,
    )


def _claim_and_tell_team(review: Review) -> int:
    if not _claim(RECORD_DUE, review.id, occasion_of(review)):
        return 0
    due = review.record_due_on
    assert due is not None  # (selected for it)
    outbox.notify(
        RECORD_DUE, outbox.review_team(review), f"/staff/reviews/{review.id}", due=f"{due:%d %B %Y}"
    )
    db.session.commit()
    return 1


def _claim(kind: str, subject_id: int, occasion: str) -> bool:
    """Insert the reminder's row; False if another worker's is there already."""
    db.session.add(Reminder(kind=kind, subject_id=subject_id, occasion=occasion))
    try:
        db.session.flush()
    except IntegrityError:  # another worker claimed it a moment ago
        db.session.rollback()
        return False
    return True
