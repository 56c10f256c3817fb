"""Moving and cancelling a booked review: links keep working, and everyone who gave an address
is told the new date through the outbox in their own language, with no name; a date in the
past is refused, and a date after the statutory one needs confirming."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import reviews
from portal.extensions import db
from portal.models import AuditEvent, OutboxEmail, ParticipantRole, ReviewStatus, Role
from tests import factories


def signed_in(app, person):
    browser = app.test_client()
    factories.sign_in(browser, person)
    return browser


@pytest.fixture
def booked(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14), in_days=10)
    child = factories.invitation(review, ParticipantRole.CHILD, language="ar")
    child.invitation.notify_email = "kai@example.org"
    parent = factories.invitation(review, ParticipantRole.PARENT, language="pl")
    parent.invitation.notify_email = "mum@example.org"
    factories.invitation(review, ParticipantRole.CARER)  # gave no address
    db.session.commit()
    admin = signed_in(app, factories.staff(organisation, Role.REVIEW_ADMIN))
    return review, iro, admin, child


def move(browser, review, day, status=303, **fields):
    url = f"/staff/reviews/{review.id}/move"
    data = {
        "csrf_token": browser.csrf_token(url),
        "scheduled_on": day.isoformat(),
        "scheduled_time": "15:30",
        "reason": "iro_unavailable",
        **fields,
    }
    response = browser.post(url, data=data)
    assert response.status_code == status, response.status_code
    return response


def test_moving_a_review_tells_everyone_in_their_language(app, booked):
    review, iro, admin, child = booked
    day = reviews.local_today() + timedelta(days=12)
    move(admin, review, day)
    db.session.refresh(review)
    assert review.scheduled_at.astimezone(reviews.local_zone()).date() == day
    emails = {e.to_address: e for e in db.session.execute(select(OutboxEmail)).scalars()}
    assert set(emails) == {"kai@example.org", "mum@example.org", iro.email}
    arabic, polish = emails["kai@example.org"], emails["mum@example.org"]
    assert "new date" not in arabic.subject  # in Arabic, not English
    assert "new date" not in polish.subject
    assert str(day.day) in arabic.body
    for email in (arabic, polish):
        assert "Kai" not in email.subject + email.body
        assert "Priya" not in email.body
    # The child's link still works, and shows the new date.
    browser = app.test_client()
    factories.open_invitation(browser, child)
    assert browser.get("/welcome").status_code == 200
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "review.moved")
    ).scalar_one()
    assert event.detail == {"reason": "iro_unavailable", "late": False}


def test_links_keep_working_until_after_the_new_date(app, booked):
    review, _iro, admin, child = booked
    before = child.invitation.expires_at
    move(admin, review, reviews.local_today() + timedelta(days=20), late_confirmed="y")
    db.session.refresh(child.invitation)
    assert child.invitation.expires_at > before + timedelta(days=9)


def test_a_date_in_the_past_is_refused(app, booked):
    review, _iro, admin, _child = booked
    response = move(admin, review, reviews.local_today() - timedelta(days=1), status=400)
    assert "The new date must be today or later" in response.get_data(as_text=True)
    assert db.session.execute(select(OutboxEmail)).first() is None


def test_after_the_statutory_date_it_must_be_confirmed(app, booked):
    review, _iro, admin, _child = booked
    late = review.due_date + timedelta(days=3)
    refused = move(admin, review, late, status=400)
    assert "after the statutory date" in refused.get_data(as_text=True)
    db.session.refresh(review)
    assert review.scheduled_at.date() != late
    move(admin, review, late, late_confirmed="y")
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "review.moved")
    ).scalar_one()
    assert event.detail["late"] is True


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": ""}, "Choose why"),
        ({"reason": "x" * 400}, "Not a valid choice"),
        ({"scheduled_on": "not a date"}, "Enter the new date"),
        ({"scheduled_time": "25:99"}, "Enter the time of the meeting"),
    ],
)
def test_bad_moves_are_refused_and_nothing_changes(app, booked, fields, message):
    review, _iro, admin, _child = booked
    before = review.scheduled_at
    response = move(admin, review, reviews.local_today() + timedelta(days=5), status=400, **fields)
    assert message in response.get_data(as_text=True)
    db.session.refresh(review)
    assert review.scheduled_at == before


def test_cancelling_tells_everyone_and_frees_the_child_for_a_new_booking(app, booked):
    review, _iro, admin, child = booked
    url = f"/staff/reviews/{review.id}/cancel"
    response = admin.post(url, data={"csrf_token": admin.csrf_token(url), "reason": "illness"})
    assert response.status_code == 303
    db.session.refresh(review)
    assert review.status is ReviewStatus.CANCELLED
    kinds = sorted(e.kind for e in db.session.execute(select(OutboxEmail)).scalars())
    assert kinds == [
        "review.cancelled",
        "review.cancelled.participant",
        "review.cancelled.participant",
    ]
    assert reviews.booked(review.child) is None
    browser = app.test_client()
    factories.open_invitation(browser, child)
    welcome = browser.get_page("/welcome")
    assert welcome.find(class_="panel--urgent") is not None  # told on the page too, in Arabic
    assert "cancelled" not in welcome.get_text()
    again = admin.post(url, data={"csrf_token": admin.csrf_token(url), "reason": "illness"})
    assert again.status_code == 400


def test_only_admins_and_the_childs_iro_move_a_review(app, organisation, booked):
    review, iro, _admin, _child = booked
    day = reviews.local_today() + timedelta(days=5)
    assert move(signed_in(app, iro), review, day).status_code == 303
    for person in (
        factories.staff(organisation, Role.IRO),
        factories.staff(organisation, Role.MANAGER),
        factories.staff(organisation, Role.ADVOCACY),
    ):
        browser = signed_in(app, person)
        assert browser.get(f"/staff/reviews/{review.id}/move").status_code == 404
        assert browser.get(f"/staff/reviews/{review.id}/cancel").status_code == 404


def adjourn(browser, review, part_one, part_two, status=303):
    url = f"/staff/reviews/{review.id}/adjourn"
    data = {
        "csrf_token": browser.csrf_token(url),
        "part_one_on": part_one.isoformat(),
        "scheduled_on": part_two.isoformat(),
        "scheduled_time": "10:00",
    }
    response = browser.post(url, data=data)
    assert response.status_code == status, response.status_code
    return response


def test_an_adjourned_review_counts_its_first_part_and_tells_everyone(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    today = reviews.local_today()
    review = factories.review(
        factories.child(organisation, iro, name="Kai", age=14), in_days=0, due=today
    )
    issued = factories.invitation(review, ParticipantRole.CHILD, language="uk")
    issued.invitation.notify_email = "kai@example.org"
    db.session.commit()
    admin = signed_in(app, factories.staff(organisation, Role.REVIEW_ADMIN))
    part_two = today + timedelta(days=14)  # after the statutory date
    adjourn(admin, review, today, part_two)
    db.session.refresh(review)
    assert review.adjourned_on == today
    assert review.scheduled_at.astimezone(reviews.local_zone()).date() == part_two
    timeliness = reviews.timeliness(review)
    assert not timeliness.at_risk  # the first part was held by the statutory date
    page = admin.get_page(f"/staff/reviews/{review.id}").get_text(" ")
    assert "adjourned: the first part was held on" in page
    emails = {e.kind: e for e in db.session.execute(select(OutboxEmail)).scalars()}
    assert emails["review.adjourned.participant"].to_address == "kai@example.org"
    assert "continues" not in emails["review.adjourned.participant"].subject  # in Ukrainian
    assert emails["review.adjourned"].to_address == iro.email


@pytest.mark.parametrize(
    ("part_one_days", "part_two_days", "message"),
    [
        (1, 10, "The first part must have happened already"),
        (0, 0, "The second part must be after the first"),
        (-5, -1, "The second part must be after the first, and not in the past"),
    ],
)
def test_bad_adjournments_are_refused(app, booked, part_one_days, part_two_days, message):
    review, _iro, admin, _child = booked
    today = reviews.local_today()
    before = review.scheduled_at
    response = adjourn(
        admin,
        review,
        today + timedelta(days=part_one_days),
        today + timedelta(days=part_two_days),
        status=400,
    )
    assert message in response.get_data(as_text=True)
    db.session.refresh(review)
    assert review.adjourned_on is None
    assert review.scheduled_at == before
