"""The review pack (page, PDF, JSON), its pictures and recordings, locking it for the meeting,
recording the meeting's outcome, and a child's audit trail."""

from __future__ import annotations

import io
import json

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal import audit, outcomes, pdf, reviews
from portal.attachments.serving import serve
from portal.extensions import db
from portal.models import Attachment, AuditEvent, Review, Role, StaffUser
from portal.pack import access, render
from portal.pack.assemble import Pack, PackAudience, assemble, meeting_attachment_ids
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user
from portal.staff.forms import ConfirmForm, OutcomeForm, PrivateAccessForm

PACK_ROLES = (Role.IRO, Role.MANAGER)


class NeedsReason(Exception):
    """A manager asked for the IRO-only section without a recorded reason."""


def _audience(user: StaffUser, review: Review) -> PackAudience:
    """The pack asked for, or by default the fullest one this user may read. Asking for the
    IRO pack without the right to it is a 404, or for a manager the page that asks why."""
    may_read_private = access.may_read_private(user, review)
    default = PackAudience.IRO if may_read_private else PackAudience.MEETING
    try:
        audience = PackAudience(request.args.get("pack", default.value))
    except ValueError:
        abort(404)
    if audience is PackAudience.IRO and not may_read_private:
        if access.may_record_reason(user):
            raise NeedsReason
        abort(404)
    return audience


def _pack_for(review_id: int, action: str) -> tuple[Pack, Review]:
    """The pack of a review in the user's scope (404 otherwise); every look is audited."""
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    pack = assemble(review, _audience(user, review))
    audit.record_for_review(action, review, staff=user, pack=pack.audience.value)
    db.session.commit()
    return pack, review


@blueprint.errorhandler(NeedsReason)
def _ask_for_reason(_error: NeedsReason) -> Response:
    review_id = request.view_args["review_id"] if request.view_args else 0
    return redirect(url_for("staff.private_access", review_id=review_id), code=303)


@blueprint.get("/reviews/<int:review_id>/pack")
@roles_required(*PACK_ROLES)
def pack(review_id: int) -> str:
    assembled, review = _pack_for(review_id, "pack.view")
    return render.render_html(
        assembled, may_read_private=access.may_read_private(signed_in_user(), review)
    )


@blueprint.route("/reviews/<int:review_id>/pack/private-access", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def private_access(review_id: int) -> Response | str | tuple[str, int]:
    """A manager records why they need what participants asked only their IRO to read."""
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    form = PrivateAccessForm()
    if form.validate_on_submit():
        access.record_reason(user, review, access.Reason(form.reason.data))
        return redirect(url_for("staff.pack", review_id=review_id, pack="iro"), code=303)
    return render_template(
        "staff/pack/private_access.html", form=form, review=review
    ), 400 if form.errors else 200


@blueprint.get("/reviews/<int:review_id>/pack.pdf")
@roles_required(*PACK_ROLES)
def pack_pdf(review_id: int) -> Response:
    assembled, _review = _pack_for(review_id, "pack.pdf")
    filename = f"review-{review_id}-{assembled.audience.value}-pack.pdf"
    return pdf.attachment(render.render_pdf(assembled), filename)


@blueprint.get("/reviews/<int:review_id>/pack.json")
@roles_required(*PACK_ROLES)
def pack_json(review_id: int) -> Response:
    assembled, _review = _pack_for(review_id, "pack.export")
    body = json.dumps(render.to_json(assembled), ensure_ascii=False, indent=2).encode()
    return send_file(
        io.BytesIO(body),
        mimetype="application/json",
        as_attachment=True,
        download_name=f"review-{review_id}-{assembled.audience.value}-pack.json",
        max_age=0,
    )


def _attachment_of(review_id: int, attachment_id: int) -> Attachment:
    """A picture or recording of this review that the user may see: anything, for those who
    may read the IRO-only section; otherwise only what the meeting pack shows."""
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.consultation.invitation.review_id != review.id:
        abort(404)
    if not access.may_read_private(user, review) and attachment.id not in meeting_attachment_ids(
        attachment.consultation
    ):
        abort(404)
    return attachment


@blueprint.get("/reviews/<int:review_id>/attachments/<int:attachment_id>/file")
@roles_required(*PACK_ROLES)
def pack_attachment_file(review_id: int, attachment_id: int) -> Response:
    return serve(_attachment_of(review_id, attachment_id))


@blueprint.get("/reviews/<int:review_id>/attachments/<int:attachment_id>/thumbnail")
@roles_required(*PACK_ROLES)
def pack_attachment_thumbnail(review_id: int, attachment_id: int) -> Response:
    attachment = _attachment_of(review_id, attachment_id)
    if attachment.thumbnail_key is None:
        abort(404)
    return serve(attachment, thumbnail=True)


@blueprint.post("/reviews/<int:review_id>/lock")
@roles_required(Role.IRO)
def lock_pack(review_id: int) -> Response:
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    if ConfirmForm().validate_on_submit():
        outcomes.lock_pack(review, by=user)
        flash(
            "The pack is locked for the meeting. Anything sent from now on shows as an addendum.",
            "success",
        )
    return redirect(url_for("staff.pack", review_id=review_id), code=303)


def _prefill(form: OutcomeForm, review: Review) -> None:
    form.held_on.data = outcomes.day_it_was_held(review)
    if review.child_attended is not None:
        form.attended.data = "yes" if review.child_attended else "no"
    form.advocate_briefed.data = bool(review.advocate_briefed)
    if review.participation_code:
        form.participation_code.data = review.participation_code.value


def _outcome(form: OutcomeForm) -> outcomes.Outcome:
    return outcomes.Outcome(
        held_on=form.held_on.data,
        attended=form.attended.data or "",
        contribution=form.contribution.data or "",
        advocate_briefed=bool(form.advocate_briefed.data),
        participation_code=form.participation_code.data or "",
        change_reason=form.change_reason.data or "",
    )


@blueprint.route("/reviews/<int:review_id>/outcome", methods=["GET", "POST"])
@roles_required(Role.IRO)
def review_outcome(review_id: int) -> Response | str | tuple[str, int]:
    """After the meeting: held, and the participation code (suggested, then confirmed)."""
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    form = OutcomeForm()
    if request.method == "GET":
        _prefill(form, review)
    known = outcomes.known_from(_outcome(form), review)
    suggestion, reason = outcomes.suggest(known)
    if (
        request.method == "POST"
        and request.form.get("action") == "save"
        and form.validate_on_submit()
    ):
        try:
            attendance = outcomes.attendance_from(review, request.form)
            outcomes.record_held(review, _outcome(form), by=user, attendance=attendance)
        except outcomes.OutcomeError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(
                f"The review is recorded as held, with code {review.participation_code}.", "success"
            )
            return redirect(url_for("staff.review", review_id=review_id), code=303)
    elif suggestion and not form.participation_code.data:
        form.participation_code.data = suggestion.value
    template = "staff/reviews/outcome.html"
    context = {
        "form": form,
        "review": review,
        "suggestion": suggestion,
        "reason": reason,
        "modes": outcomes.MODE_TITLES,
        "recorded": _recorded_attendance(review),
    }
    if request.headers.get("HX-Request") == "true":
        from jinja2_fragments.flask import render_block

        return render_block(template, "codes", **context)
    return render_template(template, **context), 400 if form.errors else 200


def _recorded_attendance(review: Review) -> dict[int, str]:
    """How each person took part: what was posted, else what was recorded before."""
    if request.method == "POST":
        return {k: m.value for k, m in outcomes.attendance_from(review, request.form).items()}
    return {row.invitation_id: row.mode.value for row in review.attendance if row.invitation_id}


@blueprint.get("/children/<int:child_id>/audit")
@roles_required(Role.MANAGER)
def child_audit(child_id: int) -> str:
    """Who did what about this child: pack views, downloads, exports, invitations, ..."""
    child = reviews.child_for(signed_in_user(), child_id)
    rows = db.session.execute(
        select(AuditEvent, StaffUser.name)
        .outerjoin(StaffUser, AuditEvent.actor_staff_id == StaffUser.id)
        .where(AuditEvent.child_id == child.id, AuditEvent.organisation_id == child.organisation_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(500)
    ).all()
    return render_template(
        "staff/children/audit.html", child=child, rows=rows, reason_titles=access.REASON_TITLES
    )
