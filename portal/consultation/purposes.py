"""When each purpose's form is open: views until the review is held, feedback from when it is
held for FEEDBACK_DAYS days, the midpoint check-in from four weeks before the midpoint is due
until the IRO has written the midpoint note (or four weeks after it was due)."""

from __future__ import annotations

import enum
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from flask import current_app

from portal.models import Purpose, Review, ReviewKind, ReviewStatus


class Window(enum.StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


def closes_on(purpose: Purpose, review: Review) -> date | None:
    """The last day feedback, or the midpoint check-in, can be given."""
    if purpose is Purpose.FEEDBACK and review.held_on is not None:
        return review.held_on + timedelta(days=current_app.config["FEEDBACK_DAYS"])
    if purpose is Purpose.MIDPOINT:
        due = midpoint_due(review)
        return due + timedelta(weeks=MIDPOINT_WEEKS) if due is not None else None
    return None


MIDPOINT_WEEKS = 4  # the check-in opens this long before the midpoint and closes this long after


def midpoint_due(review: Review) -> date | None:
    """Three months after a second or later review was held (see portal/midpoints.py)."""
    if review.kind is ReviewKind.FIRST or review.held_on is None:
        return None
    return review.held_on + relativedelta(months=3)


def _midpoint_window(review: Review, today: date) -> Window:
    due = midpoint_due(review)
    if review.status is not ReviewStatus.HELD or due is None:
        return Window.NOT_YET
    if today < due - timedelta(weeks=MIDPOINT_WEEKS):
        return Window.NOT_YET
    note = review.midpoint
    done = note is not None and note.sent_at is not None
    return Window.CLOSED if done or today > due + timedelta(weeks=MIDPOINT_WEEKS) else Window.OPEN


def window(purpose: Purpose, review: Review, today: date) -> Window:
    if purpose is Purpose.VIEWS:
        return Window.OPEN if review.status is ReviewStatus.SCHEDULED else Window.CLOSED
    if purpose is Purpose.MIDPOINT:
        return _midpoint_window(review, today)
    if review.status is not ReviewStatus.HELD or review.held_on is None:
        return Window.NOT_YET
    last = closes_on(purpose, review)
    return Window.OPEN if last is not None and today <= last else Window.CLOSED
