"""The outbox: notices are delivered over SMTP to a real server on loopback (aiosmtpd), with
retries and backoff when the server is down."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal import outbox
from portal.extensions import db
from portal.models import OutboxEmail, Role
from portal.models.base import utcnow
from tests import factories
from tests.network import Inbox, free_port


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield inbox
    controller.stop()


@pytest.fixture
def queued(organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai"))
    outbox.notify_review_team(review, "consultation.submitted")
    db.session.commit()
    return iro, review


def deliver(app, *args):
    result = app.test_cli_runner().invoke(args=["deliver-outbox", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_delivery_over_smtp(app, smtp_server, queued):
    iro, review = queued
    assert "Sent 1, failed 0" in deliver(app)
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == [iro.email]
    body = envelope.content.decode()
    assert "Subject: New views for a review" in body
    assert f"/staff/reviews/{review.id}" in body
    assert "Kai" not in body
    email = db.session.execute(select(OutboxEmail)).scalar_one()
    assert email.sent_at is not None
    assert "Sent 0, failed 0" in deliver(app)  # nothing is sent twice


def test_a_failed_delivery_is_retried_later(app, queued):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listening
    assert "Sent 0, failed 1" in deliver(app)
    email = db.session.execute(select(OutboxEmail)).scalar_one()
    assert email.attempts == 1
    assert email.last_error
    assert timedelta(seconds=50) < email.next_attempt_at - utcnow() <= timedelta(minutes=1)
    assert "Sent 0, failed 0" in deliver(app)  # not due yet


def test_retries_back_off_and_then_give_up(app, queued):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    pauses = []
    for _ in range(len(outbox.BACKOFF) + 1):
        email = db.session.execute(select(OutboxEmail)).scalar_one()
        email.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        before = utcnow()
        deliver(app)
        db.session.refresh(email)
        pauses.append(email.next_attempt_at - before)
    assert pauses[1] > pauses[0]
    assert email.failed_at is not None
    assert email.attempts == len(outbox.BACKOFF) + 1


def test_a_retry_succeeds_once_the_server_is_back(app, queued, smtp_server):
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()
    deliver(app)
    app.config["MAIL_PORT"] = port
    email = db.session.execute(select(OutboxEmail)).scalar_one()
    email.next_attempt_at = utcnow()
    db.session.commit()
    assert "Sent 1" in deliver(app)
    assert len(smtp_server.messages) == 1


def test_deliver_in_a_loop(app, smtp_server, queued):
    output = deliver(app, "--loop", "--interval", "0", "--iterations", "2")
    assert output.count("Sent") == 2
    assert len(smtp_server.messages) == 1


def test_without_an_iro_the_review_administrators_are_told(organisation):
    admins = [factories.staff(organisation, Role.REVIEW_ADMIN) for _ in range(2)]
    review = factories.review(factories.child(organisation, None))
    emails = outbox.notify_review_team(review, "consultation.urgent")
    assert sorted(e.to_address for e in emails) == sorted(a.email for a in admins)


def test_the_worker_delivers_round_after_round(app, smtp_server, queued):
    result = app.test_cli_runner().invoke(
        args=["outbox-worker", "--rounds", "3", "--interval", "0"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("sent 1") == 1  # delivered once, in the first round
    assert result.output.strip().endswith("Outbox worker stopped.")
    assert len(smtp_server.messages) == 1


def test_the_worker_stops_soon_after_sigterm(app, smtp_server):
    import os
    import signal
    import threading
    import time

    from portal import cli

    def send_sigterm_once_the_worker_listens():
        # Never before: the default handler would end the test process itself.
        for _ in range(100):
            if signal.getsignal(signal.SIGTERM) == cli._Stop.request:
                time.sleep(0.3)
                os.kill(os.getpid(), signal.SIGTERM)
                return
            time.sleep(0.05)

    stop = threading.Thread(target=send_sigterm_once_the_worker_listens)
    started = time.monotonic()
    stop.start()
    previous = signal.getsignal(signal.SIGTERM)
    try:
        result = app.test_cli_runner().invoke(
            args=[
                "outbox-worker",
                "--interval",
                "30",
                "--rounds",
                "3",
            ]  # bounded, if all else fails
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    stop.join()
    assert result.exit_code == 0, result.output
    assert "Outbox worker stopped." in result.output
    assert time.monotonic() - started < 5
