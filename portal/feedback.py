"""Feedback on reviews, as staff may read it: the IRO their own reviews', a manager all of the
organisation's. Only the latest feedback from each person counts (sending again replaces it).

Feedback sent without a name carries nothing that links it to the person: no name, no role,
no invitation, and only the day it was sent. It still counts wherever feedback is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal import reviews
from portal.consultation import forms, notices
from portal.consultation.kinds import handler_for
from portal.extensions import db
from portal.models import Consultation, Invitation, Purpose, Review, Role, StaffUser

FEEDBACK_ROLES = frozenset({Role.IRO, Role.MANAGER})


@dataclass(frozen=True)
class FeedbackAnswer:
    question: str  # in English
    lines: list[str]


@dataclass(frozen=True)
class FeedbackItem:
    review_id: int
    child_name: str
    review_day: date
    sent_on: date  # the day only
    from_label: str | None  # None when sent without a name
    answers: list[FeedbackAnswer]
    raised: list[str]  # "complaint", "compliment"

    @property
    def anonymous(self) -> bool:
        return self.from_label is None


def feedback_visible_to(user: StaffUser) -> list[FeedbackItem]:
    """The feedback on reviews in the user's scope, newest day first, in a fixed number of
    queries however much there is."""
    consultations = db.session.execute(
        select(Consultation)
        .join(Consultation.invitation)
        .where(
            Consultation.purpose == Purpose.FEEDBACK,
            Invitation.review_id.in_(reviews.reviews_visible_to(user).with_only_columns(Review.id)),
        )
        .options(
            selectinload(Consultation.submissions),
            joinedload(Consultation.invitation)
            .joinedload(Invitation.review)
            .joinedload(Review.child),
        )
    ).scalars()
    items = [item for c in consultations if (item := _item(c)) is not None]
    # Anonymous or not, items are ordered only by day and review, never by when they came.
    return sorted(items, key=lambda i: (i.sent_on, i.review_id), reverse=True)


def _item(consultation: Consultation) -> FeedbackItem | None:
    latest = consultation.latest_submission
    form = forms.get(consultation.form_key, consultation.form_version)
    if latest is None or form is None:
        return None
    invitation = consultation.invitation
    review = invitation.review
    zone = reviews.local_zone()
    with force_locale("en"):
        answers = [
            FeedbackAnswer(
                str(q.label), handler_for(q).pack_lines(q, latest.answers[q.id]["value"])
            )
            for q in form.questions
            if q.id in latest.answers
        ]
    return FeedbackItem(
        review_id=review.id,
        child_name=review.child.name,
        review_day=(review.held_on or review.scheduled_at.astimezone(zone).date()),
        sent_on=latest.submitted_at.astimezone(zone).date(),
        from_label=None if latest.anonymous else f"{invitation.label} ({invitation.role.value})",
        answers=answers,
        raised=notices.raised(form, latest.answers),
    )
