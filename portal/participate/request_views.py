"""Asking for help: the request page of a participant's session, where they also see where each
request stands, and the public self-referral page for children in care with no invitation."""

from __future__ import annotations

import time

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal.extensions import db, limiter
from portal.models import Invitation, Organisation, RequestKind, SupportRequest
from portal.participate import blueprint
from portal.participate import session as participant
from portal.participate.audiences import wants_for
from portal.participate.forms import CHILD_WANTS, SelfReferralForm
from portal.participate.forms import RequestForm as AskForm
from portal.requests import raising, status


def _own_requests(invitation: Invitation) -> list[SupportRequest]:
    return list(
        db.session.execute(
            select(SupportRequest)
            .where(
                SupportRequest.invitation_id == invitation.id,
                SupportRequest.kind != RequestKind.SAFETY_ALERT,
            )
            .order_by(SupportRequest.id.desc())
        ).scalars()
    )


@blueprint.get("/requests")
@participant.invitation_required
def requests_list(invitation: Invitation) -> str:
    if not wants_for(invitation):
        abort(404)
    return render_template(
        "participate/requests/index.html", requests=_own_requests(invitation), told=status.told
    )


@blueprint.route("/requests/new", methods=["GET", "POST"])
@participant.invitation_required
def request_new(invitation: Invitation) -> Response | tuple[str, int]:
    wants = wants_for(invitation)
    if not wants:
        abort(404)
    form = AskForm(wants=wants, data=None if request.method == "POST" else _defaults(invitation))
    if form.validate_on_submit():
        raised = raising.from_invitation(
            invitation, form.details(for_themselves=wants is not CHILD_WANTS)
        )
        return redirect(url_for("participate.request_show", request_id=raised.request.id), 303)
    status_code = 400 if form.errors else 200
    return render_template("participate/requests/new.html", form=form), status_code


@blueprint.get("/requests/<int:request_id>")
@participant.invitation_required
def request_show(invitation: Invitation, request_id: int) -> str:
    """Only the participant who asked sees a request: anyone else's is a 404."""
    found = db.session.get(SupportRequest, request_id)
    if found is None or found.invitation_id != invitation.id or found.is_alert:
        abort(404)
    return render_template("participate/requests/show.html", item=found, told=status.told(found))


def _defaults(invitation: Invitation) -> dict[str, str]:
    return {"language": invitation.language, "contact_time": "any", "interpreter": "no"}


# The public page ---------------------------------------------------------------------------


def _self_referral_limit() -> str:
    return str(current_app.config["RATELIMIT_SELF_REFERRAL"])


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="self-referral-shown")


@blueprint.route("/ask", methods=["GET", "POST"])
@limiter.limit(_self_referral_limit, methods=["POST"])
def self_referral() -> str | tuple[str, int]:
    """For a child in care with no invitation. A rate limit per address, a field people never
    see and a minimum time to fill it in keep scripts out without a third-party CAPTCHA."""
    organisations = list(
        db.session.execute(select(Organisation).order_by(Organisation.id)).scalars()
    )
    if not organisations:
        abort(404)
    organisation = organisations[0]  # one council per installation; see the README
    form = SelfReferralForm(wants={k: v for k, v in CHILD_WANTS.items() if k != "talk_to_iro"})
    if request.method == "POST":
        refused = _looks_automated(form)
        if refused:
            form.shown.data = _signer().dumps(time.time())
            return render_template(
                "participate/requests/ask.html", form=form, refused=refused, service=organisation
            ), 400
        if form.validate_on_submit():
            details = form.details()
            raising.self_referral(organisation, (form.first_name.data or "").strip(), details)
            sent_to = (
                organisation.independent_visitor_provider_name
                if details.kind is RequestKind.INDEPENDENT_VISITOR
                else organisation.advocacy_service_name
            )
            return render_template("participate/requests/ask_sent.html", sent_to=sent_to)
    form.shown.data = _signer().dumps(time.time())
    status_code = 400 if form.errors else 200
    return render_template(
        "participate/requests/ask.html", form=form, refused=None, service=organisation
    ), status_code


def _looks_automated(form: SelfReferralForm) -> str | None:
    """A message if the form was filled in by a script: the hidden field has words in it, or it
    came back sooner than a person could fill it in (or without the signed time it was shown)."""
    if form.website.data:
        return _("We could not send this. Please try again.")
    try:
        shown_at = float(_signer().loads(form.shown.data or ""))
    except (BadSignature, ValueError, TypeError):
        return _("Please check your request, then send it again.")
    if time.time() - shown_at < current_app.config["SELF_REFERRAL_MIN_SECONDS"]:
        return _("Please check your request, then send it again.")
    return None
