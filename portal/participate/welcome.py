"""What the welcome page tells a participant: whose meeting, when, where, what they can do,
and who will see what they send. Worded for the reader: a child reads about *their* meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from portal import child_letters, midpoints
from portal.models import Invitation, ParticipantRole, ReviewFormat, ReviewStatus
from portal.organisation_phrases import Phrase, phrasebook
from portal.participate.audiences import Offer, offers
from portal.templating import page_language


@dataclass(frozen=True)
class Welcome:
    invitation: Invitation
    is_child: bool
    child_name: str
    iro_name: str | None
    scheduled_at: datetime
    venue: Phrase  # in the reader's language if the organisation has translated it
    format_text: str
    offers: list[Offer]
    cancelled: bool
    letter_ready: bool
    midpoint_ready: bool


def format_text(review_format: ReviewFormat) -> str:
    return {
        ReviewFormat.IN_PERSON: _("Everyone meets in the same room."),
        ReviewFormat.VIRTUAL: _("The meeting is online, on a video call."),
        ReviewFormat.HYBRID: _("Some people will be in the room and some on a video call."),
    }[review_format]


def welcome_for(invitation: Invitation) -> Welcome:
    review = invitation.review
    child = review.child
    return Welcome(
        invitation=invitation,
        is_child=invitation.role is ParticipantRole.CHILD,
        child_name=child.name,
        # First name only: a child knows their IRO by it, and the full name is not needed here.
        iro_name=child.iro.name.split()[0] if child.iro else None,
        scheduled_at=review.scheduled_at,
        venue=phrasebook(child.organisation, page_language().code).venue(review.venue),
        format_text=format_text(review.format),
        offers=offers(invitation),
        cancelled=review.status is ReviewStatus.CANCELLED,
        letter_ready=child_letters.readable_by(invitation) is not None,
        midpoint_ready=midpoints.readable_by(invitation) is not None,
    )
