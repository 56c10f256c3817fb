"""Statutory due dates, worked out by hand against the 2026-27 England and Wales calendar."""

from datetime import date

import pytest

from portal import timescales
from portal.models import ReviewKind


def test_first_review_skips_weekends_and_the_christmas_bank_holidays():
    # Thu 10 Dec 2026 + 20 working days: Christmas Day (Fri 25), Boxing Day observed (Mon 28)
    # and New Year's Day (Fri 1 Jan) are not working days, nor are the weekends between.
    due = timescales.due_date(
        ReviewKind.FIRST, looked_after_since=date(2026, 12, 10), previous_review_on=None
    )
    assert due == date(2027, 1, 12)


def test_first_review_skips_easter():
    due = timescales.due_date(
        ReviewKind.FIRST, looked_after_since=date(2027, 3, 19), previous_review_on=None
    )
    assert due == date(2027, 4, 20)


def test_first_review_from_a_weekend_counts_from_the_next_working_day():
    # Looked after on Saturday 5 Dec 2026: day 1 is Monday 7 Dec, day 14 is Thu 24 Dec,
    # day 15 is Tue 29 Dec (after Christmas and Boxing Day observed), day 20 is Wed 6 Jan.
    due = timescales.due_date(
        ReviewKind.FIRST, looked_after_since=date(2026, 12, 5), previous_review_on=None
    )
    assert due == date(2027, 1, 6)


def test_second_review_is_three_calendar_months_after_the_first():
    due = timescales.due_date(
        ReviewKind.SECOND, looked_after_since=date(2026, 1, 5), previous_review_on=date(2026, 2, 2)
    )
    assert due == date(2026, 5, 2)


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (date(2026, 3, 15), date(2026, 9, 15)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year: the month's last day
        (date(2026, 8, 31), date(2027, 2, 28)),
    ],
)
def test_later_reviews_are_six_calendar_months_apart(previous, expected):
    due = timescales.due_date(
        ReviewKind.SUBSEQUENT, looked_after_since=date(2020, 1, 1), previous_review_on=previous
    )
    assert due == expected


def test_second_review_needs_the_previous_date():
    with pytest.raises(ValueError, match="previous review"):
        timescales.due_date(
            ReviewKind.SECOND, looked_after_since=date(2026, 1, 5), previous_review_on=None
        )


def test_working_days_between_leaves_out_holidays():
    # Mon 21 to Tue 29 Dec 2026: 22, 23, 24 and 29 (25 and 28 are bank holidays).
    assert timescales.working_days_between(date(2026, 12, 21), date(2026, 12, 29)) == 4
    assert timescales.working_days_between(date(2026, 12, 29), date(2026, 12, 21)) == -4
    assert timescales.working_days_between(date(2026, 12, 21), date(2026, 12, 21)) == 0


def test_suggested_date_moves_back_from_a_bank_holiday_to_a_working_day():
    # Due on Boxing Day observed (Mon 28 Dec 2026): suggest Thu 24 Dec.
    assert timescales.suggested_date(date(2026, 12, 28), today=date(2026, 12, 1)) == date(
        2026, 12, 24
    )


def test_suggested_date_for_an_overdue_review_is_the_next_working_day():
    assert timescales.suggested_date(date(2026, 11, 2), today=date(2026, 12, 24)) == date(
        2026, 12, 29
    )


def test_timeliness_flags():
    today = date(2026, 12, 1)
    overdue = timescales.timeliness(date(2026, 11, 30), date(2026, 12, 3), today)
    assert overdue.overdue
    assert overdue.scheduled_late
    assert overdue.at_risk

    soon = timescales.timeliness(date(2026, 12, 14), date(2026, 12, 10), today)
    assert soon.due_soon
    assert soon.working_days_left == 9
    assert not soon.overdue
    # Due soon and booked in time will not miss its statutory date: not "at risk".
    assert not soon.at_risk

    # 10 working days from Tue 1 Dec is Tue 15 Dec; the 16th is the 11th.
    assert timescales.timeliness(date(2026, 12, 15), date(2026, 12, 10), today).due_soon
    later = timescales.timeliness(date(2026, 12, 16), date(2026, 12, 10), today)
    assert not later.due_soon
    assert not later.at_risk
