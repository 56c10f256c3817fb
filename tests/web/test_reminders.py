"""Reminders the outbox worker queues when they fall due: a participant who has said nothing a
week before the meeting, and the review team when a record is nearly due. Each is sent once,
even with several workers at once, and carries no name and no one's words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from portal import invitations, reminders, reviews
from portal.extensions import db
from portal.models import OutboxEmail, ParticipantRole, Reminder, ReviewStatus, Role
from portal.models.base import utcnow
from tests import factories
from tests.concurrency import at_once


@pytest.fixture
def iro(organisation):
    return factories.staff(organisation, Role.IRO, name="Priya Shah")


def invited(iro, *, in_days: int = 5, language: str = "en", email: str = "kai@example.org"):
    child = factories.child(iro.organisation, iro, name="Kai Zephyr", age=15)
    review = factories.review(child, in_days=in_days)
    issued = invitations.issue(
        review,
        role=ParticipantRole.CHILD,
        label="",
        language=language,
        by=iro,
        notify_email=email,
    )
    db.session.commit()
    return issued.invitation


def emails(kind: str) -> list[OutboxEmail]:
    return list(db.session.execute(select(OutboxEmail).where(OutboxEmail.kind == kind)).scalars())


def test_a_participant_who_has_said_nothing_is_reminded_once_a_week_before(iro):
    invitation = invited(iro, in_days=5)
    assert reminders.send_due() == 1
    assert reminders.send_due() == 0  # the next round finds it sent
    (email,) = emails(reminders.MEETING_SOON)
    assert email.to_address == "kai@example.org"
    assert email.subject == "A reminder about the review meeting"
    day = invitation.review.scheduled_at.astimezone(reviews.local_zone())
    assert f"{day:%A} {day.day} {day:%B %Y}" in email.body  # en-GB: "Friday 8 January 2027"
    assert "Kai" not in email.body
    assert "Priya" not in email.body


def test_no_reminder_for_those_who_sent_left_no_address_or_meet_later(iro):
    sent = invited(iro)
    sent.submitted_at = utcnow()
    revoked = invited(iro)
    revoked.revoked_at = utcnow()
    cancelled = invited(iro)
    cancelled.review.status = ReviewStatus.CANCELLED
    db.session.commit()
    invited(iro, email="")
    invited(iro, in_days=9)  # more than a week away
    assert reminders.send_due() == 0
    assert emails(reminders.MEETING_SOON) == []


def test_the_reminder_is_in_the_participants_language(iro):
    invited(iro, language="ti")
    reminders.send_due()
    (email,) = emails(reminders.MEETING_SOON)
    assert email.subject != "A reminder about the review meeting"
    assert any("\u1200" <= ch <= "\u137f" for ch in email.subject)  # Ethiopic script


def test_a_moved_meeting_is_reminded_again_for_its_new_date(iro):
    invitation = invited(iro, in_days=5)
    reminders.send_due()
    invitation.review.scheduled_at += timedelta(days=1)
    db.session.commit()
    assert reminders.send_due() == 1
    assert len(emails(reminders.MEETING_SOON)) == 2


def test_workers_at_the_same_moment_send_each_reminder_once(app: Flask, iro):
    for _ in range(5):
        invited(iro)

    def worker() -> int:
        with app.app_context():
            try:
                return reminders.send_due()
            finally:
                db.session.remove()

    counts = at_once([worker for _ in range(4)])
    assert sum(counts) == 5
    assert len(emails(reminders.MEETING_SOON)) == 5
    assert db.session.execute(select(db.func.count(Reminder.id))).scalar_one() == 5


def held(iro, *, record_due_in: int, written: bool = False):
    review = factories.review(factories.child(iro.organisation, iro, name="Omar"), in_days=-20)
    review.status = ReviewStatus.HELD
    review.held_on = reviews.local_today() - timedelta(days=20)
    review.record_due_on = reviews.local_today() + timedelta(days=record_due_in)
    if written:
        review.record_written_on = reviews.local_today()
    db.session.commit()
    return review


def test_the_review_team_is_reminded_once_when_a_record_is_nearly_due(iro):
    review = held(iro, record_due_in=2)
    held(iro, record_due_in=10)  # not yet
    held(iro, record_due_in=1, written=True)  # done
    assert reminders.send_due() == 1
    assert reminders.send_due() == 0
    (email,) = emails(reminders.RECORD_DUE)
    assert email.to_address == iro.email
    assert f"/staff/reviews/{review.id}" in email.body
    assert "Omar" not in email.body


def test_the_outbox_worker_queues_and_sends_reminders(app, iro):
    invited(iro)
    result = app.test_cli_runner().invoke(
        args=["outbox-worker", "--rounds", "1", "--interval", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "reminded 1" in result.output
    assert len(emails(reminders.MEETING_SOON)) == 1
