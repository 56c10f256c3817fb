"""Email through an outbox table.

`enqueue` adds a row to the caller's transaction, so a notice exists exactly when the thing it
reports was committed. `deliver_due` (run by `flask --app wsgi deliver-outbox`) sends what is
due over SMTP and retries failures with growing pauses. On PostgreSQL rows are claimed with
SKIP LOCKED, so several deliverers can run at once without sending anything twice.

Emails never carry a child's words or name: only that something arrived, and a link.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import Child, OutboxEmail, Review, Role, StaffUser
from portal.models.base import utcnow

# Pause after the 1st, 2nd, ... failure; after the last, delivery is given up and logged.
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360, 720, 1440)]


def enqueue(kind: str, to_address: str, subject: str, body: str) -> OutboxEmail:
    email = OutboxEmail(kind=kind, to_address=to_address, subject=subject, body=body)
    db.session.add(email)
    return email


def review_team(review: Review) -> list[str]:
    """Who hears about a review: its child's IRO, or the review administrators if none."""
    child: Child = review.child
    if child.iro is not None and child.iro.active:
        return [child.iro.email]
    admins = db.session.execute(
        select(StaffUser.email).where(
            StaffUser.organisation_id == child.organisation_id,
            StaffUser.role == Role.REVIEW_ADMIN,
            StaffUser.active.is_(True),
        )
    ).scalars()
    return list(admins)


def managers(organisation_id: int) -> list[str]:
    """The organisation's managers of the IRO service."""
    return list(
        db.session.execute(
            select(StaffUser.email).where(
                StaffUser.organisation_id == organisation_id,
                StaffUser.role == Role.MANAGER,
                StaffUser.active.is_(True),
            )
        ).scalars()
    )


NOTICES = {
    "consultation.submitted": (
        "New views for a review",
        "Someone has sent their views through the review portal for a review on {date}.\n\n"
        "Read them in the portal: {link}\n",
    ),
    "consultation.urgent": (
        "URGENT: a young person said they may not be safe",
        'A young person answered "no" to "Are you safe right now?" in the review portal. '
        "They were shown Childline (0800 1111) and 999.\n\n"
        "Open the portal now and follow your safeguarding procedures: {link}\n",
    ),
    "consultation.urgent_from_adult": (
        "URGENT: someone invited to a review said a child may be in danger",
        'An adult invited to a review answered "yes" to "Is a child in danger right now?" in '
        "the review portal. They were shown 999 and the children's services contact.\n\n"
        "Open the portal now and follow your safeguarding procedures: {link}\n",
    ),
    "feedback.received": (
        "Feedback on a review",
        "Someone has given feedback on a review held on {date}.\n\nRead it in the portal: {link}\n",
    ),
    "feedback.compliment": (
        "A thank you for a review",
        "Someone has said thank you in their feedback on a review held on {date}.\n\n"
        "Read it in the portal: {link}\n",
    ),
    "feedback.complaint": (
        "A complaint about a review",
        "Someone has made a complaint in their feedback on a review held on {date}. "
        "They were told the complaints team will reply within the organisation's timescale, "
        "unless they gave the feedback without their name.\n\n"
        "A manager can read it in the portal: {link}\n",
    ),
    "request.advocate": (
        "A request for an advocate",
        "Someone has asked for an advocate through the review portal.\n\n"
        "See the request and how to contact them in the portal: {link}\n",
    ),
    "request.independent_visitor": (
        "A request for an Independent Visitor",
        "Someone has asked for an Independent Visitor through the review portal.\n\n"
        "See the request and how to contact them in the portal: {link}\n",
    ),
    "request.talk_to_iro": (
        "A young person would like to talk to you before their review",
        "A young person on your caseload has asked to talk to you before their review "
        "meeting.\n\nSee the request in the portal: {link}\n",
    ),
    "request.interpreter": (
        "An interpreter is needed for a review",
        "Someone invited to a review has said they need an interpreter.\n\n"
        "See the request in the portal: {link}\n",
    ),
    "review.moved": (
        "A review has a new date",
        "A review you are part of has moved to {date}. Everyone invited who gave an email "
        "address has been told.\n\nSee the review in the portal: {link}\n",
    ),
    "review.adjourned": (
        "A review continues on another day",
        "A review you are part of was adjourned and continues on {date}. Everyone invited "
        "who gave an email address has been told.\n\nSee the review in the portal: {link}\n",
    ),
    "review.cancelled": (
        "A review has been cancelled",
        "The review that was booked for {date} has been cancelled. Everyone invited who gave "
        "an email address has been told.\n\nSee the review in the portal: {link}\n",
    ),
    "midpoint.received": (
        "A young person has checked in at their midpoint",
        "A young person has answered the midpoint check-in after their review of {date}.\n\n"
        "Read it with the midpoint in the portal: {link}\n",
    ),
    "review.record_due": (
        "A review record is due soon",
        "The record of a review you held is due by {due} and has not been marked as written."
        "\n\nSee the review in the portal: {link}\n",
    ),
    "alert.escalated": (
        "URGENT: a safety alert has not been acknowledged",
        "A safety alert raised through the review portal has not been acknowledged by anyone "
        "for {minutes} minutes. It is escalated to you as a manager or the duty team.\n\n"
        "Open it now, record the action taken and follow your safeguarding procedures: {link}\n",
    ),
}
# Where each notice's link goes (a review's page unless said here).
LINKS = {
    "midpoint.received": "/staff/",
    "feedback.received": "/staff/feedback",
    "feedback.compliment": "/staff/feedback",
    "feedback.complaint": "/staff/feedback",
}
FOOTER = (
    "\nThis email does not contain anyone's name or words: they are only in the portal. "
    "Do not reply to this email.\n"
)


def notify_review_team(review: Review, kind: str) -> list[OutboxEmail]:
    return notify_addresses(review, kind, review_team(review))


def notify_addresses(review: Review, kind: str, addresses: list[str]) -> list[OutboxEmail]:
    """One notice about a review to each address: what happened and a link, never a name."""
    day = review.scheduled_at.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    path = LINKS.get(kind, f"/staff/reviews/{review.id}")
    return notify(kind, addresses, path, date=day.strftime("%d %B %Y"))


def notify(kind: str, addresses: list[str], path: str, **fields: object) -> list[OutboxEmail]:
    """One notice to each address (once each): its kind's words, with `fields` filled in, and a
    link to `path` in the portal."""
    subject, body = NOTICES[kind]
    link = f"{current_app.config['BASE_URL']}{path}"
    text = body.format(link=link, **fields) + FOOTER
    return [enqueue(kind, address, subject, text) for address in dict.fromkeys(addresses)]


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0


def deliver_due(batch: int = 50) -> DeliveryReport:
    sent = failed = given_up = 0
    while True:
        claimed = _claim(batch)
        if not claimed:
            break
        for email in claimed:
            error = _send(email)
            if error is None:
                email.sent_at = utcnow()
                sent += 1
            else:
                given_up += _record_failure(email, error)
                failed += 1
        db.session.commit()
        if len(claimed) < batch:
            break
    return DeliveryReport(sent, failed, given_up)


def _claim(batch: int) -> list[OutboxEmail]:
    return list(
        db.session.execute(
            select(OutboxEmail)
            .where(
                OutboxEmail.sent_at.is_(None),
                OutboxEmail.failed_at.is_(None),
                OutboxEmail.next_attempt_at <= utcnow(),
            )
            .order_by(OutboxEmail.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).scalars()
    )


def _record_failure(email: OutboxEmail, error: str) -> int:
    email.attempts += 1
    email.last_error = error[:300]
    if email.attempts > len(BACKOFF):
        email.failed_at = utcnow()
        current_app.logger.error(
            "outbox email %s given up after %s tries", email.id, email.attempts
        )
        return 1
    email.next_attempt_at = utcnow() + BACKOFF[email.attempts - 1]
    return 0


def _send(email: OutboxEmail) -> str | None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message.set_content(email.body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        return f"{type(error).__name__}: {error}"
    return None
