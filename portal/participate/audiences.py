"""What the pages around the forms say to each participant: the safety question in the header,
the help lines in the footer, the safety pages, and the forms the welcome page offers. A child
is asked "Are you safe right now?" and given Childline; a parent or carer is asked "Is a child
in danger right now?" and given the organisation's contact for worried adults. Both get 999."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal import reviews
from portal.consultation import engine, forms, purposes
from portal.models import Invitation, ParticipantRole, Purpose
from portal.participate.forms import ADULT_WANTS, CHILD_WANTS


@dataclass(frozen=True)
class Safety:
    link: LazyString  # in the header of every page
    question: LazyString
    safe_answer: LazyString
    unsafe_answer: LazyString
    # On the help page: who is being told now, by first name (or the team, with no IRO yet).
    telling: LazyString
    telling_team: LazyString
    childline: bool  # a child is offered Childline; an adult the organisation's contact


CHILD_SAFETY = Safety(
    link=_l("Are you safe right now?"),
    question=_l("Are you safe right now?"),
    safe_answer=_l("Yes, I am safe"),
    unsafe_answer=_l("No, I am not safe"),
    telling=_l("We are sending a message to %(name)s now. If you are in danger, call 999."),
    telling_team=_l(
        "We are sending a message to the people who run your meeting now. If you are in danger, call 999."
    ),
    childline=True,
)
ADULT_SAFETY = Safety(
    link=_l("Is a child in danger right now?"),
    question=_l("Is a child in danger right now?"),
    safe_answer=_l("No"),
    unsafe_answer=_l("Yes, a child is in danger"),
    telling=_l(
        "We are sending a message to %(name)s, the IRO, now. If a child is in danger, call 999."
    ),
    telling_team=_l(
        "We are sending a message to the team that runs the review now. If a child is in danger, call 999."
    ),
    childline=False,
)


def safety_for(invitation: Invitation) -> Safety:
    return CHILD_SAFETY if invitation.role is ParticipantRole.CHILD else ADULT_SAFETY


def wants_for(invitation: Invitation) -> dict[str, LazyString]:
    """What this participant may ask for on the request pages: a child anything; a parent an
    advocate for themselves, where the organisation offers it; anyone else nothing (a 404)."""
    if invitation.role is ParticipantRole.CHILD:
        return CHILD_WANTS
    organisation = invitation.review.child.organisation
    if invitation.role is ParticipantRole.PARENT and organisation.parent_advocacy_offered:
        return ADULT_WANTS
    return {}


def who_is_told(invitation: Invitation) -> str:
    """What the help page says about the message going out: only what is true. The child's IRO
    by first name, or the review team when no IRO is allocated (portal.outbox.review_team)."""
    safety = safety_for(invitation)
    iro = invitation.review.child.iro
    if iro is not None and iro.active:
        return str(safety.telling) % {"name": iro.name.split()[0]}
    return str(safety.telling_team)


@dataclass(frozen=True)
class Offer:
    """A form the welcome page offers, or tells about."""

    purpose: Purpose
    window: purposes.Window
    started: bool
    sent: bool
    url: str
    label: LazyString
    sent_at: datetime | None = None  # when they last sent it


START = {
    (True, Purpose.VIEWS, False): _l("Start"),
    (True, Purpose.VIEWS, True): _l("See or change my answers"),
    (False, Purpose.VIEWS, False): _l("Share your views"),
    (False, Purpose.VIEWS, True): _l("See or change your views"),
    (True, Purpose.FEEDBACK, False): _l("Tell us how your meeting went"),
    (False, Purpose.FEEDBACK, False): _l("Tell us how the meeting went"),
    (True, Purpose.FEEDBACK, True): _l("See or change your feedback"),
    (False, Purpose.FEEDBACK, True): _l("See or change your feedback"),
    (True, Purpose.MIDPOINT, False): _l("Check in: tell your IRO how things are going"),
    (True, Purpose.MIDPOINT, True): _l("See or change your check-in"),
}


def offers(invitation: Invitation) -> list[Offer]:
    """Exactly the forms that fit this participant, with whether each is open yet."""
    today = reviews.local_today()
    found = []
    for purpose in Purpose:
        if forms.form_for(invitation, purpose, today) is None:
            continue
        consultation = engine.find(invitation, purpose)
        sent = bool(consultation and consultation.submissions)
        is_child = invitation.role is ParticipantRole.CHILD
        found.append(
            Offer(
                purpose=purpose,
                window=purposes.window(purpose, invitation.review, today),
                started=consultation is not None,
                sent=sent,
                url=url_for("participate.consultation_start", purpose=purpose.value),
                label=START[(is_child, purpose, sent)],
                sent_at=latest.submitted_at
                if consultation and (latest := consultation.latest_submission)
                else None,
            )
        )
    return found
