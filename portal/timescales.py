"""Statutory timescales for reviews (Care Planning, Placement and Case Review (England)
Regulations 2010, regulation 33).

- first review: within 20 working days of the child becoming looked after;
- second review: within 3 months of the first;
- later reviews: within 6 months of the previous one.

Working days leave out weekends and England and Wales bank holidays (the `holidays` package);
calendar months come from dateutil, so 31 August + 6 months is 28 or 29 February.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from portal.models import ReviewKind

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
DUE_SOON_WORKING_DAYS = 10


@lru_cache(maxsize=1)
def bank_holidays() -> holidays.HolidayBase:
    # England and Wales share their bank holidays; the calendar extends itself by year on use.
    return holidays.country_holidays("GB", subdiv="ENG")


def add_working_days(start: date, count: int) -> date:
    return bank_holidays().get_nth_working_day(start, count)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start)
    calendar = bank_holidays()
    # get_working_days_count counts both ends; `start` itself is not "between".
    return calendar.get_working_days_count(start, end) - (
        1 if calendar.is_working_day(start) else 0
    )


def is_working_day(day: date) -> bool:
    return bank_holidays().is_working_day(day)


def due_date(
    kind: ReviewKind, *, looked_after_since: date, previous_review_on: date | None
) -> date:
    """The latest date a review of this kind may be held."""
    if kind is ReviewKind.FIRST:
        return add_working_days(looked_after_since, FIRST_REVIEW_WORKING_DAYS)
    if previous_review_on is None:
        raise ValueError("a second or later review needs the date of the previous review")
    months = SECOND_REVIEW_MONTHS if kind is ReviewKind.SECOND else LATER_REVIEW_MONTHS
    return previous_review_on + relativedelta(months=months)


def suggested_date(due: date, today: date) -> date:
    """A working day for the meeting: the last one on or before the due date, or, if that has
    passed, the next working day from today (the review is late: hold it as soon as possible)."""
    calendar = bank_holidays()
    candidate = due if calendar.is_working_day(due) else add_working_days(due, -1)
    if candidate <= today:
        return add_working_days(today, 1)
    return candidate


@dataclass(frozen=True)
class Timeliness:
    """Where a scheduled review stands against its statutory date."""

    overdue: bool  # the due date has passed and the review has not been held
    scheduled_late: bool  # it is booked for after its due date
    due_soon: bool  # due within 10 working days
    working_days_left: int

    @property
    def at_risk(self) -> bool:
        """Will miss its statutory date: overdue, or booked after it. Being due soon is not a
        risk while the meeting is booked in time; it is shown apart."""
        return self.overdue or self.scheduled_late


def timeliness(due: date, scheduled_on: date, today: date) -> Timeliness:
    left = working_days_between(today, due)
    return Timeliness(
        overdue=due < today,
        scheduled_late=scheduled_on > due,
        due_soon=0 <= left <= DUE_SOON_WORKING_DAYS,
        working_days_left=left,
    )
