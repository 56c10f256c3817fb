"""Staff routes for caseloads, children, reviews and invitations."""

from __future__ import annotations

import secrets
from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for
from jinja2_fragments.flask import render_block
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from portal import caseload, child_letters, invitation_secret, invitations, letters, reviews
from portal.extensions import db
from portal.models import Child, Invitation, ParticipantRole, ReviewFormat, ReviewKind, Role
from portal.models.base import utcnow
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user
from portal.staff.forms import ChildForm, ConfirmForm, InvitationForm, ReviewForm

CASE_ROLES = tuple(reviews.CASE_ROLES)
ADMIN = Role.REVIEW_ADMIN


@blueprint.get("/")
@roles_required(*Role)
def home() -> Response | str:
    user = signed_in_user()
    if user.role is Role.SYSADMIN:
        return redirect(url_for("staff.staff_list"))
    if user.role is Role.ADVOCACY:
        return redirect(url_for("staff.requests_worklist"))
    search = request.args.get("q", "").strip()[:100]
    try:
        show = caseload.Show(request.args.get("show", caseload.Show.ALL.value))
    except ValueError:
        show = caseload.Show.ALL
    board = caseload.upcoming_reviews(user, reviews.local_today(), search, show)
    context = {"board": board, "search": search, "show": show, "shows": caseload.SHOW_LABELS}
    if request.headers.get("HX-Request") == "true":
        # The same URL answers with just the results when htmx filters in place.
        return render_block("staff/dashboard.html", "results", **context)
    return render_template("staff/dashboard.html", **context)


@blueprint.get("/children")
@roles_required(*CASE_ROLES)
def children() -> str:
    return render_template(
        "staff/children/index.html", children=caseload.children(signed_in_user())
    )


@blueprint.route("/children/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def add_child() -> Response | str | tuple[str, int]:
    user = signed_in_user()
    form = ChildForm()
    form.iro_id.choices = [SelectChoice("0", "Not allocated yet")] + [
        SelectChoice(str(iro.id), iro.name) for iro in reviews.iros_of(user.organisation_id)
    ]
    if form.validate_on_submit():
        details = _child_details(form, iro_id=form.iro_id.data or None)
        try:
            child = reviews.add_child(user, details)
        except reviews.ReviewRuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(f"{child.name} has been added.", "success")
            return redirect(url_for("staff.child", child_id=child.id), code=303)
    page = render_template("staff/children/new.html", form=form, child=None)
    return page, 400 if form.errors else 200


@blueprint.route("/children/<int:child_id>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_child(child_id: int) -> Response | str | tuple[str, int]:
    """Correct a child's details. Their IRO changes by a transfer, which records why."""
    user = signed_in_user()
    record = reviews.child_for(user, child_id)
    form = ChildForm(obj=record)
    del form.iro_id
    if form.validate_on_submit():
        details = _child_details(form, iro_id=record.iro_id)
        try:
            changed = reviews.change_child(user, record, details)
        except reviews.ReviewRuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash("Saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for("staff.child", child_id=record.id), code=303)
    page = render_template("staff/children/new.html", form=form, child=record)
    return page, 400 if form.errors else 200


def _child_details(form: ChildForm, iro_id: int | None) -> reviews.ChildDetails:
    return reviews.ChildDetails(
        name=form.name.data or "",
        date_of_birth=form.date_of_birth.data,  # type: ignore[arg-type]
        preferred_language=form.preferred_language.data or "en",
        interpreter_needed=form.interpreter_needed.data,
        case_reference=form.case_reference.data or "",
        iro_id=iro_id,
        looked_after_since=form.looked_after_since.data,  # type: ignore[arg-type]
        uasc=form.uasc.data,
    )


@blueprint.get("/children/<int:child_id>")
@roles_required(*CASE_ROLES)
def child(child_id: int) -> str:
    record = reviews.child_for(signed_in_user(), child_id)
    return render_template(
        "staff/children/show.html",
        child=record,
        today=reviews.local_today(),
        timeliness=reviews.timeliness,
    )


@blueprint.route("/children/<int:child_id>/reviews/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def schedule_review(child_id: int) -> Response | str | tuple[str, int]:
    record = reviews.child_for(signed_in_user(), child_id)
    form = ReviewForm()
    history = reviews.last_held(record)
    if history is not None:  # the kind, and the day the due date runs from, are the history's
        form.kind.data = reviews.next_kind(record).value
        form.previous_review_on.data = reviews.default_previous_review_on(record)
    if request.method == "GET":
        _prefill_review_form(form, record)
    elif form.validate_on_submit():
        details = reviews.ReviewDetails(
            kind=ReviewKind(form.kind.data),
            previous_review_on=form.previous_review_on.data,
            scheduled_on=form.scheduled_on.data,  # type: ignore[arg-type]
            scheduled_time=form.scheduled_time.data,  # type: ignore[arg-type]
            venue=form.venue.data or "",
            format=ReviewFormat(form.format.data),
        )
        try:
            review = reviews.schedule_review(record, details)
        except reviews.ReviewRuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash("The review has been scheduled. Now invite the participants.", "success")
            return redirect(url_for("staff.review", review_id=review.id), code=303)
    return render_template(
        "staff/reviews/new.html",
        form=form,
        child=record,
        due=_due_date_or_none(record, form),
        history=history,
        booked=reviews.booked(record),
    ), 400 if form.errors else 200


def _prefill_review_form(form: ReviewForm, child: Child) -> None:
    kind = reviews.next_kind(child)
    form.kind.data = kind.value
    form.previous_review_on.data = reviews.default_previous_review_on(child)
    due = _due_date_or_none(child, form)
    if due is not None:
        form.scheduled_on.data = reviews.timescales.suggested_date(due, reviews.local_today())


def _due_date_or_none(child: Child, form: ReviewForm) -> date | None:
    try:
        return reviews.due_date_for(
            child, ReviewKind(form.kind.data or "first"), form.previous_review_on.data
        )
    except (reviews.ReviewRuleError, ValueError):
        return None


@blueprint.get("/reviews/<int:review_id>")
@roles_required(*CASE_ROLES)
def review(review_id: int) -> str:
    record = reviews.review_for(signed_in_user(), review_id)
    return render_template(
        "staff/reviews/show.html",
        review=record,
        number=reviews.review_number(record),
        timeliness=reviews.timeliness(record),
        record_due=child_letters.record_due,
        sent_on=child_letters.sent_on,
        today=reviews.local_today(),
        now=utcnow(),
        form=ConfirmForm(),
        secret_lock_after=invitation_secret.LOCK_AFTER,
        alerts_of=caseload.alerts_of,
    )


def _new_form_nonce() -> str:
    """A one-time value: a refreshed or double-clicked form must not issue twice."""
    nonce = secrets.token_urlsafe(16)
    session.setdefault("form_nonces", [])
    session["form_nonces"] = [*session["form_nonces"][-9:], nonce]
    return nonce


def _use_form_nonce() -> bool:
    nonce = request.form.get("nonce", "")
    nonces = session.get("form_nonces", [])
    if nonce not in nonces:
        return False
    session["form_nonces"] = [n for n in nonces if n != nonce]
    return True


@blueprint.route("/reviews/<int:review_id>/invitations/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def invite(review_id: int) -> Response | str | tuple[str, int]:
    user = signed_in_user()
    record = reviews.review_for(user, review_id)
    form = InvitationForm()
    if request.method == "GET":
        form.language.data = record.child.preferred_language
    elif form.validate_on_submit():
        if not _use_form_nonce():
            flash("That invitation was already issued.", "info")
            return redirect(url_for("staff.review", review_id=review_id), code=303)
        issued = invitations.issue(
            record,
            role=ParticipantRole(form.role.data),
            label=form.label.data or "",
            language=form.language.data or "en",
            by=user,
            notify_email=form.notify_email.data or "",
        )
        return render_template("staff/invitations/issued.html", issued=issued, reissued=False)
    return render_template(
        "staff/invitations/new.html", form=form, review=record, nonce=_new_form_nonce()
    ), 400 if form.errors else 200


def _invitation_for(invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        abort(404)
    reviews.review_for(signed_in_user(), invitation.review_id)  # 404 outside the user's scope
    return invitation


@blueprint.route("/invitations/<int:invitation_id>/reissue", methods=["GET", "POST"])
@roles_required(ADMIN)
def reissue(invitation_id: int) -> Response | str:
    invitation = _invitation_for(invitation_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        if not _use_form_nonce():
            flash("That invitation was already reissued.", "info")
            return redirect(url_for("staff.review", review_id=invitation.review_id), code=303)
        issued = invitations.reissue(invitation, by=signed_in_user())
        return render_template("staff/invitations/issued.html", issued=issued, reissued=True)
    return render_template(
        "staff/invitations/confirm.html",
        invitation=invitation,
        form=form,
        action="reissue",
        nonce=_new_form_nonce(),
    )


@blueprint.route("/invitations/<int:invitation_id>/revoke", methods=["GET", "POST"])
@roles_required(ADMIN)
def revoke(invitation_id: int) -> Response | str:
    invitation = _invitation_for(invitation_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        invitations.revoke(invitation, by=signed_in_user())
        flash(f"The invitation for {invitation.label} no longer works.", "success")
        return redirect(url_for("staff.review", review_id=invitation.review_id), code=303)
    return render_template(
        "staff/invitations/confirm.html", invitation=invitation, form=form, action="revoke"
    )


@blueprint.post("/invitations/<int:invitation_id>/letter")
@roles_required(ADMIN)
def letter(invitation_id: int) -> str:
    invitation = _invitation_for(invitation_id)
    issued = letters.issued_from_form(invitation, request.form.get("token", ""), request.form)
    return letters.render_html(issued)


@blueprint.post("/invitations/<int:invitation_id>/letter.pdf")
@roles_required(ADMIN)
def letter_pdf(invitation_id: int) -> Response:
    invitation = _invitation_for(invitation_id)
    issued = letters.issued_from_form(invitation, request.form.get("token", ""), request.form)
    return letters.pdf_response(issued)


@blueprint.post("/invitations/<int:invitation_id>/reset-secret")
@roles_required(Role.IRO)
def reset_secret(invitation_id: int) -> Response:
    """A young person forgot their secret: their IRO clears it, they choose a new one."""
    invitation = _invitation_for(invitation_id)
    if not invitation_secret.may_reset(signed_in_user(), invitation):
        abort(404)
    if ConfirmForm().validate_on_submit():
        invitation_secret.reset(invitation, by=signed_in_user())
        flash(
            f"{invitation.label} can choose a new secret next time they open their link.",
            "success",
        )
    return redirect(url_for("staff.review", review_id=invitation.review_id), code=303)
