"""Choosing and giving a young person's secret (a number, or three pictures)."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response
from wtforms import Field

from portal import invitation_secret
from portal.consultation import forms as form_definitions
from portal.consultation.schema import Audience
from portal.extensions import limiter
from portal.models import Invitation, SecretKind
from portal.models.base import utcnow
from portal.participate import blueprint
from portal.participate.forms import ChoosePinForm, EnterPinForm, PicturesForm
from portal.participate.session import invitation_required


def _limit() -> str:
    return current_app.config["RATELIMIT_INVITATION"]


def _default_kind(invitation: Invitation) -> SecretKind:
    age = invitation.review.child.age_on(utcnow().date())
    young = form_definitions.audience_for_age(age) is Audience.UNDER_8
    return SecretKind.PICTURES if young else SecretKind.PIN


def _kind_asked(invitation: Invitation) -> SecretKind:
    try:
        return SecretKind(request.args.get("kind", ""))
    except ValueError:
        return _default_kind(invitation)


def _secret_given() -> Response:
    # A new session id: whoever knew the id from before the secret (a shared phone, a session
    # fixed in advance) does not share what it now opens.
    session.regenerate()  # type: ignore[attr-defined]
    session["secret_ok"] = True
    return redirect(url_for("participate.welcome"), code=303)


@blueprint.route("/secret/new", methods=["GET", "POST"])
@invitation_required(secret=False)
def choose_secret(invitation: Invitation) -> Response | str | tuple[str, int]:
    if not invitation_secret.needs_secret(invitation) or invitation.secret_hash:
        return redirect(url_for("participate.enter_secret"), code=303)
    kind = _kind_asked(invitation)
    form = PicturesForm() if kind is SecretKind.PICTURES else ChoosePinForm()
    if form.validate_on_submit():
        value, problem = _chosen_value(form)
        if value is not None:
            invitation_secret.choose(invitation, kind, value)
            return _secret_given()
        _field_for_problem(form).errors.append(problem)
    template = f"participate/secret/choose_{kind.value}.html"
    return render_template(
        template, form=form, pictures=invitation_secret.PICTURES, invitation=invitation
    ), 400 if form.errors else 200


def _chosen_value(form: PicturesForm | ChoosePinForm) -> tuple[str | None, str]:
    if isinstance(form, PicturesForm):
        value = invitation_secret.pictures_value(form.chosen())
        return value, _("Choose one picture in each row")
    problem = invitation_secret.pin_problem(form.pin.data or "")
    return (None, problem) if problem else (form.pin.data, "")


def _field_for_problem(form: PicturesForm | ChoosePinForm | EnterPinForm) -> Field:
    if isinstance(form, PicturesForm):
        return next((f for f in (form.first, form.second, form.third) if not f.data), form.first)
    return form.pin


@blueprint.route("/secret", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
@invitation_required(secret=False)
def enter_secret(invitation: Invitation) -> Response | str | tuple[str, int]:
    if not invitation_secret.needs_secret(invitation) or session.get("secret_ok"):
        return redirect(url_for("participate.welcome"), code=303)
    if not invitation.secret_hash:
        return redirect(url_for("participate.choose_secret"), code=303)
    state = invitation_secret.status(invitation, utcnow())
    if state.locked or state.paused_until:
        return render_template("participate/secret/paused.html", state=state), 429
    pictures = invitation.secret_kind is SecretKind.PICTURES
    form = PicturesForm() if pictures else EnterPinForm()
    if form.validate_on_submit():
        value = "-".join(form.chosen()) if isinstance(form, PicturesForm) else form.pin.data or ""
        result = invitation_secret.verify(invitation, value)
        if result.ok:
            return _secret_given()
        if result.locked or result.paused_until:
            return render_template("participate/secret/paused.html", state=result), 429
        _field_for_problem(form).errors.append(_wrong_try_message(result))
    template = (
        "participate/secret/enter_pictures.html"
        if pictures
        else "participate/secret/enter_pin.html"
    )
    return render_template(
        template, form=form, pictures=invitation_secret.PICTURES
    ), 400 if form.errors else 200


def _wrong_try_message(result: invitation_secret.SecretCheck) -> str:
    """How many tries are left before what comes next: a short pause, or (after a pause) the
    lock only their IRO can undo, which they should see coming."""
    if result.locks_next:
        return ngettext(
            "That is not right. You can try %(num)d more time. After that, your IRO will need to reset your secret.",
            "That is not right. You can try %(num)d more times. After that, your IRO will need to reset your secret.",
            result.before_lock,
        )
    return ngettext(
        "That is not right. You can try %(num)d more time before a short pause, or ask your IRO to help.",
        "That is not right. You can try %(num)d more times before a short pause, or ask your IRO to help.",
        result.tries_left,
    )


@blueprint.get("/secret/forgotten")
@invitation_required(secret=False)
def forgotten_secret(invitation: Invitation) -> str:
    return render_template("participate/secret/forgotten.html", invitation=invitation)
