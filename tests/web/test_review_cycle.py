"""The review cycle, correct by construction: the next review's kind and due date come from the
child's real history (the kind and the day the last review was *held*), a child has at most one
review booked, and an outcome's attendance and participation code cannot contradict each
other."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from portal import reviews, timescales
from portal.extensions import db
from portal.models import ParticipationCode, Review, ReviewKind, ReviewStatus, Role
from tests import factories
from tests.concurrency import at_once
from tests.web.test_outcome import outcome_form
from tests.web.test_review_administration import review_form


@pytest.fixture
def admin(staff_client):
    browser, _person = staff_client(Role.REVIEW_ADMIN)
    return browser


def count_reviews():
    return db.session.execute(select(func.count()).select_from(Review)).scalar_one()


def held(child, kind, scheduled_on, held_on):
    """A review of the child's history: booked for one day, held on another."""
    review = Review(
        child=child,
        kind=kind,
        due_date=scheduled_on,
        scheduled_at=datetime.combine(scheduled_on, time(10), tzinfo=reviews.local_zone()),
        venue="At home",
        format="in_person",
        status=ReviewStatus.HELD,
        held_on=held_on,
    )
    db.session.add(review)
    db.session.commit()
    return review


def schedule(browser, child, day, **changes):
    url = f"/staff/children/{child.id}/reviews/new"
    token = browser.csrf_token(url)
    return browser.post(url, data={"csrf_token": token, **review_form(day, **changes)})


def latest_booked(child):
    return db.session.execute(
        select(Review).where(Review.child_id == child.id, Review.status == ReviewStatus.SCHEDULED)
    ).scalar_one()


def test_after_a_subsequent_review_the_next_is_subsequent(admin, organisation):
    """The portal counted only the reviews it held, and suggested a second review here."""
    child = factories.child(organisation, looked_after_since=date(2024, 1, 8))
    held(child, ReviewKind.SUBSEQUENT, date(2026, 9, 1), date(2026, 9, 1))
    page = admin.get_page(f"/staff/children/{child.id}/reviews/new")
    assert "this one is a subsequent review" in page.get_text(" ")
    assert page.find("select", id="kind") is None  # not the administrator's to choose
    # Whatever the form says, the history decides.
    assert schedule(admin, child, date(2027, 2, 1), kind="first").status_code == 303
    booked = latest_booked(child)
    assert booked.kind is ReviewKind.SUBSEQUENT
    assert booked.due_date == date(2027, 3, 1)


def test_the_due_date_runs_from_the_day_the_review_was_held(admin, organisation):
    """It ran from the day the last review was booked for, not the day it was held."""
    child = factories.child(organisation, looked_after_since=date(2026, 5, 1))
    held(child, ReviewKind.FIRST, scheduled_on=date(2026, 5, 29), held_on=date(2026, 6, 10))
    assert schedule(admin, child, date(2026, 9, 1)).status_code == 303
    booked = latest_booked(child)
    assert booked.kind is ReviewKind.SECOND
    assert booked.previous_review_on == date(2026, 6, 10)
    assert booked.due_date == date(2026, 9, 10)


def test_due_dates_through_a_whole_history(organisation):
    """First (20 working days, over the Christmas bank holidays), second (3 months after the
    first was held, late), subsequent (6 months after the second was held, early)."""
    child = factories.child(organisation, looked_after_since=date(2026, 12, 14))
    assert reviews.next_kind(child) is ReviewKind.FIRST
    first_due = reviews.due_date_for(child, ReviewKind.FIRST, None)
    # 20 working days from Mon 14 Dec 2026, skipping 25 and 28 Dec and 1 Jan: Thu 14 Jan 2027.
    assert first_due == date(2027, 1, 14)
    held(child, ReviewKind.FIRST, scheduled_on=date(2027, 1, 12), held_on=date(2027, 1, 20))
    db.session.refresh(child)
    assert reviews.next_kind(child) is ReviewKind.SECOND
    second_from = reviews.default_previous_review_on(child)
    assert second_from == date(2027, 1, 20)  # held late: the clock runs from when it was held
    assert reviews.due_date_for(child, ReviewKind.SECOND, second_from) == date(2027, 4, 20)
    held(child, ReviewKind.SECOND, scheduled_on=date(2027, 4, 19), held_on=date(2027, 3, 30))
    db.session.refresh(child)
    assert reviews.next_kind(child) is ReviewKind.SUBSEQUENT
    third_from = reviews.default_previous_review_on(child)
    assert third_from == date(2027, 3, 30)  # held early: the next is due 6 months after
    assert reviews.due_date_for(child, ReviewKind.SUBSEQUENT, third_from) == date(2027, 9, 30)
    held(child, ReviewKind.SUBSEQUENT, scheduled_on=date(2027, 9, 29), held_on=date(2027, 9, 29))
    db.session.refresh(child)
    assert reviews.next_kind(child) is ReviewKind.SUBSEQUENT
    assert reviews.default_previous_review_on(child) == date(2027, 9, 29)
    assert timescales.due_date(
        ReviewKind.SUBSEQUENT,
        looked_after_since=child.looked_after_since,
        previous_review_on=date(2027, 9, 29),
    ) == date(2027, 9, 29) + relativedelta(months=6)


def test_a_cancelled_review_is_not_history(organisation):
    child = factories.child(organisation, looked_after_since=date(2026, 5, 1))
    cancelled = held(child, ReviewKind.FIRST, date(2026, 5, 29), date(2026, 5, 29))
    cancelled.status = ReviewStatus.CANCELLED
    db.session.commit()
    db.session.refresh(child)
    assert reviews.next_kind(child) is ReviewKind.FIRST


def test_without_history_the_administrator_enters_the_last_review_held(admin, organisation):
    child = factories.child(organisation, looked_after_since=date(2020, 3, 2))
    page = admin.get_page(f"/staff/children/{child.id}/reviews/new")
    assert page.find("select", id="kind") is not None
    response = schedule(
        admin, child, date(2027, 1, 20), kind="subsequent", previous_review_on="2026-08-03"
    )
    assert response.status_code == 303
    assert latest_booked(child).due_date == date(2027, 2, 3)


def test_a_second_review_cannot_be_booked_while_one_is_booked(admin, organisation):
    child = factories.child(organisation, looked_after_since=reviews.local_today())
    day = reviews.local_today() + timedelta(days=10)
    assert schedule(admin, child, day).status_code == 303
    first = latest_booked(child)
    refused = admin.post_page(
        f"/staff/children/{child.id}/reviews/new",
        status=400,
        data={
            "csrf_token": admin.csrf_token(f"/staff/children/{child.id}/reviews/new"),
            **review_form(day + timedelta(days=1)),
        },
    )
    assert f"A review is already booked for {day.day} {day:%B %Y}" in refused.get_text()
    assert refused.find("a", href=f"/staff/reviews/{first.id}")
    assert count_reviews() == 1


def test_two_bookings_at_the_same_moment_make_one(app, organisation):
    child = factories.child(organisation, looked_after_since=reviews.local_today())
    browsers = []
    for _ in range(3):
        browser = app.test_client()
        factories.sign_in(browser, factories.staff(organisation, Role.REVIEW_ADMIN))
        browsers.append(browser)
    url = f"/staff/children/{child.id}/reviews/new"
    day = reviews.local_today() + timedelta(days=10)
    posts = [(b, {"csrf_token": b.csrf_token(url), **review_form(day)}) for b in browsers]
    responses = at_once([lambda b=b, d=d: b.post(url, data=d) for b, d in posts])
    assert sorted(r.status_code for r in responses) == [303, 400, 400]
    assert count_reviews() == 1


@pytest.mark.parametrize(
    ("fields", "field_message"),
    [
        ({"attended": "no", "participation_code": "PN1"}, "You recorded that they did not attend"),
        ({"attended": "yes", "participation_code": "PN6"}, "You recorded that they attended"),
        ({"attended": "yes", "participation_code": "PN0"}, "The child was 15 on the day"),
        ({"participation_code": "PN7"}, "Say whether the child attended the meeting"),
    ],
)
def test_an_outcome_whose_attendance_and_code_disagree_is_refused(
    app, organisation, fields, field_message
):
    from tests.pack_helpers import review_with_iro

    review, iro, _issued = review_with_iro(organisation, in_days=-1)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    response = outcome_form(browser, review, action="save", **fields)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert field_message in text
    code = fields["participation_code"]
    if code != "PN7" or "attended" in fields:
        from portal.pack.participation import MEANINGS

        assert MEANINGS[ParticipationCode(code)] in text
    db.session.refresh(review)
    assert review.status is ReviewStatus.SCHEDULED
    assert review.participation_code is None


def test_a_child_under_4_can_only_be_pn0(app, organisation):
    from tests.pack_helpers import review_with_iro

    review, iro, _issued = review_with_iro(organisation, age=2, in_days=-1)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    refused = outcome_form(browser, review, attended="yes", participation_code="PN1", action="save")
    assert refused.status_code == 400
    assert "under 4 on the day, so the code is PN0" in refused.get_data(as_text=True)
    saved = outcome_form(browser, review, participation_code="PN0", action="save")
    assert saved.status_code == 303


def test_a_confirmed_outcome_changes_only_with_a_reason_and_is_audited(app, organisation):
    from portal.models import AuditEvent
    from tests.pack_helpers import review_with_iro

    review, iro, _issued = review_with_iro(organisation, in_days=-1)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    saved = outcome_form(browser, review, attended="no", participation_code="PN7", action="save")
    assert saved.status_code == 303
    page = browser.get_page(f"/staff/reviews/{review.id}")
    assert page.find("a", string="Change the outcome")
    without = outcome_form(
        browser,
        review,
        attended="no",
        advocate_briefed="y",
        participation_code="PN5",
        action="save",
    )
    assert without.status_code == 400
    assert "Choose why you are changing the outcome" in without.get_data(as_text=True)
    db.session.refresh(review)
    assert review.participation_code is ParticipationCode.PN7
    changed = outcome_form(
        browser,
        review,
        attended="no",
        advocate_briefed="y",
        participation_code="PN5",
        change_reason="new_information",
        action="save",
    )
    assert changed.status_code == 303
    db.session.refresh(review)
    assert review.participation_code is ParticipationCode.PN5
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "review.outcome_changed")
    ).scalar_one()
    assert event.detail == {
        "reason": "new_information",
        "participation_code_before": "PN7",
        "participation_code": "PN5",
    }


def test_who_was_there_and_how_is_recorded_with_the_outcome(app, organisation):
    from portal.models import Attendance, AttendanceMode
    from tests.pack_helpers import review_with_iro

    review, iro, issued = review_with_iro(organisation, in_days=-1)
    carer = next(i for i in review.invitations if i.role.value == "carer")
    browser = app.test_client()
    factories.sign_in(browser, iro)
    page = browser.get_page(f"/staff/reviews/{review.id}/outcome")
    assert page.find("fieldset", id=f"attendance-{carer.id}") is not None
    disagree = outcome_form(
        browser,
        review,
        attended="no",
        participation_code="PN7",
        action="save",
        **{f"attendance-{issued.invitation.id}": "online", f"attendance-{carer.id}": "phone"},
    )
    assert disagree.status_code == 400
    assert "does not agree with whether they attended" in disagree.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(Attendance)).scalar_one() == 0
    saved = outcome_form(
        browser,
        review,
        attended="yes",
        contribution="spoke",
        participation_code="PN1",
        action="save",
        **{
            f"attendance-{issued.invitation.id}": "online",
            f"attendance-{carer.id}": "in_person",
            "attendance-999999": "phone",  # not this review's: ignored
        },
    )
    assert saved.status_code == 303
    rows = db.session.execute(select(Attendance).order_by(Attendance.id)).scalars().all()
    assert [(r.invitation_id, r.mode) for r in rows] == [
        (issued.invitation.id, AttendanceMode.ONLINE),
        (carer.id, AttendanceMode.IN_PERSON),
    ]
    shown = browser.get_page(f"/staff/reviews/{review.id}").get_text(" ")
    assert "Who was there" in shown
    assert "in person" in shown
