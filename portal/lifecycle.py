"""Moving and cancelling a booked review. Participants' links keep working (they follow the
meeting's date), and everyone who gave an address for it is told through the outbox, in their
own language, with the new date and nothing else: no name, no words."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date, datetime, time

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal import audit, invitations, outbox, reviews, templating
from portal.extensions import db
from portal.models import Invitation, Review, ReviewStatus, StaffUser


class ChangeReason(enum.StrEnum):
    CHILD_ASKED = "child_asked"
    IRO_UNAVAILABLE = "iro_unavailable"
    FAMILY_UNAVAILABLE = "family_unavailable"
    ILLNESS = "illness"
    VENUE = "venue"
    NO_LONGER_NEEDED = "no_longer_needed"  # the child left care, moved authority


REASON_TITLES = {
    ChangeReason.CHILD_ASKED: "The child or young person asked for it",
    ChangeReason.IRO_UNAVAILABLE: "The IRO is not available",
    ChangeReason.FAMILY_UNAVAILABLE: "A parent or carer is not available",
    ChangeReason.ILLNESS: "Illness",
    ChangeReason.VENUE: "The place is not available",
    ChangeReason.NO_LONGER_NEEDED: "No longer needed (the child left care or moved area)",
}


class LifecycleError(reviews.ReviewRuleError):
    pass


def move(
    review: Review,
    *,
    on: date,
    at: time,
    reason: ChangeReason,
    by: StaffUser,
    late_confirmed: bool = False,
) -> None:
    """Give a booked review a new date and time. A date after the statutory one needs the
    person to confirm it (the reason is then on record as why it is late)."""
    if review.status is not ReviewStatus.SCHEDULED:
        raise LifecycleError("scheduled_on", "Only a booked review can be moved")
    if on < reviews.local_today():
        raise LifecycleError("scheduled_on", "The new date must be today or later")
    if on < review.child.looked_after_since:
        raise LifecycleError(
            "scheduled_on", "The review cannot be before the child became looked after"
        )
    late = on > review.due_date
    if late and not late_confirmed:
        raise LifecycleError(
            "late_confirmed",
            f"The new date is after the statutory date ({review.due_date.day} "
            f"{review.due_date:%B %Y}): confirm you are moving it late, for the reason given",
        )
    review.scheduled_at = datetime.combine(on, at, tzinfo=reviews.local_zone())
    review.changed_reason = reason.value
    invitations.keep_open_after(review.invitations, on)  # links follow the meeting
    audit.record_for_review("review.moved", review, staff=by, reason=reason.value, late=late)
    outbox.notify_review_team(review, "review.moved")
    _tell_participants(review, "review.moved")
    db.session.commit()


def adjourn(review: Review, *, part_one_on: date, on: date, at: time, by: StaffUser) -> None:
    """The meeting began but continues another day: a review held in two parts. Its first part
    counts for the statutory date; links follow the second part, and everyone who gave an
    address is told when it continues."""
    if review.status is not ReviewStatus.SCHEDULED:
        raise LifecycleError("part_one_on", "Only a booked review can be adjourned")
    if part_one_on > reviews.local_today():
        raise LifecycleError("part_one_on", "The first part must have happened already")
    if part_one_on < review.child.looked_after_since:
        raise LifecycleError(
            "part_one_on", "The review cannot be before the child became looked after"
        )
    if on <= part_one_on or on < reviews.local_today():
        raise LifecycleError(
            "scheduled_on", "The second part must be after the first, and not in the past"
        )
    review.adjourned_on = part_one_on
    review.scheduled_at = datetime.combine(on, at, tzinfo=reviews.local_zone())
    invitations.keep_open_after(review.invitations, on)
    audit.record_for_review("review.adjourned", review, staff=by)
    outbox.notify_review_team(review, "review.adjourned")
    _tell_participants(review, "review.adjourned")
    db.session.commit()


def cancel(review: Review, *, reason: ChangeReason, by: StaffUser) -> None:
    if review.status is not ReviewStatus.SCHEDULED:
        raise LifecycleError("reason", "Only a booked review can be cancelled")
    review.status = ReviewStatus.CANCELLED
    review.changed_reason = reason.value
    audit.record_for_review("review.cancelled", review, staff=by, reason=reason.value)
    outbox.notify_review_team(review, "review.cancelled")
    _tell_participants(review, "review.cancelled")
    db.session.commit()


def _tell_participants(review: Review, kind: str) -> None:
    for invitation in review.invitations:
        email_participant(invitation, f"{kind}.participant", lambda: _notice(kind, review))


def email_participant(
    invitation: Invitation, kind: str, words: Callable[[], tuple[str, str]]
) -> None:
    """An email to a participant who gave an address, in their language: `words()` gives the
    subject and what happened in the current locale; where to look and "do not reply" follow.
    No name and no one's words."""
    if not invitation.notify_email or invitation.revoked_at is not None:
        return
    with force_locale(invitation.language):
        subject, said = words()
        look = _(
            "Open the link in your letter, or type its code at %(url)s, to see the details.",
            url=f"{current_app.config['BASE_URL']}/code",
        )
        no_reply = _("Please do not reply to this email.")
    outbox.enqueue(kind, invitation.notify_email, subject, f"{said}\n\n{look}\n\n{no_reply}\n")


def _notice(kind: str, review: Review) -> tuple[str, str]:
    """What changed, with the date, in the current locale (UK time)."""
    when = templating.date_at_time(review.scheduled_at)
    if kind == "review.moved":
        return _("Your review meeting has a new date"), _(
            "The review meeting has moved to %(when)s.", when=when
        )
    if kind == "review.adjourned":
        return _("Your review meeting continues on another day"), _(
            "The review meeting will continue on %(when)s.", when=when
        )
    return _("Your review meeting has been cancelled"), _(
        "The review meeting on %(when)s has been cancelled.", when=when
    )
