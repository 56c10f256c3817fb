"""The participants' blueprint: children, young people, parents and carers.

Everything here is in the participant's language and works without JavaScript.
"""

from flask import Blueprint

blueprint = Blueprint("participate", __name__)


@blueprint.app_context_processor
def _participant_pages() -> dict[str, object]:
    """What the participants' layout needs on every page: the safety question and help lines
    that fit the person whose session it is (none without a session), and the organisation's
    phrases in the page's language (read only if the page shows one)."""
    from flask import g

    from portal.organisation_phrases import phrasebook
    from portal.participate.audiences import safety_for, wants_for
    from portal.templating import page_language

    invitation = g.get("participant_invitation")
    if invitation is None:
        return {"safety": None, "can_ask": False, "phrases": None}
    return {
        "safety": safety_for(invitation),
        "can_ask": bool(wants_for(invitation)),
        "phrases": phrasebook(invitation.review.child.organisation, page_language().code),
    }


from portal.participate import (  # noqa: E402, F401  (routes register on import)
    attachment_views,
    consultation_views,
    letter_views,
    request_views,
    secret_views,
    views,
)
