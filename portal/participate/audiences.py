"""What the pages around the forms say to each participant: the safety question in the header,
the help lines in the footer, the safety pages, and the forms the welcome page offers. A child
is asked "Are you safe right now?" and given Childline; a parent or carer is asked "Is a child
in danger right now?" and given the organisation's contact for worried adults. Both get 999."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal import reviews
from portal.consultation import engine, forms, purposes
from portal.models import Invitation, ParticipantRole, Purpose


@dataclass(frozen=True)
class Safety:
    link: LazyString  # in the header of every page
    question: LazyString
    safe_answer: LazyString
    unsafe_answer: LazyString
    help_told: LazyString  # on the help page, after 999
    childline: bool  # a child is offered Childline; an adult the organisation's contact


CHILD_SAFETY = Safety(
    link=_l("Are you safe right now?"),
    question=_l("Are you safe right now?"),
    safe_answer=_l("Yes, I am safe"),
    unsafe_answer=_l("No, I am not safe"),
    help_told=_l(
        "We have told your IRO that you do not feel safe, so they can help. You do not have to write anything else."
    ),
    childline=True,
)
ADULT_SAFETY = Safety(
    link=_l("Is a child in danger right now?"),
    question=_l("Is a child in danger right now?"),
    safe_answer=_l("No"),
    unsafe_answer=_l("Yes, a child is in danger"),
    help_told=_l(
        "We have told the IRO that you think a child may be in danger, so they can act on it."
    ),
    childline=False,
)


def safety_for(invitation: Invitation) -> Safety:
    return CHILD_SAFETY if invitation.role is ParticipantRole.CHILD else ADULT_SAFETY


@dataclass(frozen=True)
class Offer:
    """A form the welcome page offers, or tells about."""

    purpose: Purpose
    window: purposes.Window
    started: bool
    sent: bool
    url: str
    label: LazyString


START = {
    (True, Purpose.VIEWS, False): _l("Start"),
    (True, Purpose.VIEWS, True): _l("See or change my answers"),
    (False, Purpose.VIEWS, False): _l("Share your views"),
    (False, Purpose.VIEWS, True): _l("See or change your views"),
    (True, Purpose.FEEDBACK, False): _l("Tell us how your meeting went"),
    (False, Purpose.FEEDBACK, False): _l("Tell us how the meeting went"),
    (True, Purpose.FEEDBACK, True): _l("See or change your feedback"),
    (False, Purpose.FEEDBACK, True): _l("See or change your feedback"),
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
            )
        )
    return found
