"""When each purpose's form is open: views until the review is held, feedback from when it is
held for FEEDBACK_DAYS days."""

from __future__ import annotations

import enum
from datetime import date, timedelta

from flask import current_app

from portal.models import Purpose, Review, ReviewStatus


class Window(enum.StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


def closes_on(purpose: Purpose, review: Review) -> date | None:
    """The last day feedback can be given, once the review has been held."""
    if purpose is Purpose.FEEDBACK and review.held_on is not None:
        return review.held_on + timedelta(days=current_app.config["FEEDBACK_DAYS"])
    return None


def window(purpose: Purpose, review: Review, today: date) -> Window:
    if purpose is Purpose.VIEWS:
        return Window.OPEN if review.status is ReviewStatus.SCHEDULED else Window.CLOSED
    if review.status is not ReviewStatus.HELD or review.held_on is None:
        return Window.NOT_YET
    last = closes_on(purpose, review)
    return Window.OPEN if last is not None and today <= last else Window.CLOSED
