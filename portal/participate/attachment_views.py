"""Pictures, drawings and voice messages: adding, changing, removing, and seeing one's own.

Files are only ever served through these access-checked routes (never from /static), and only
to the participant who sent them.
"""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block
from werkzeug.wrappers import Response

from portal import attachments
from portal.attachments.errors import RefusedUpload
from portal.attachments.serving import serve
from portal.consultation import engine
from portal.extensions import db, limiter
from portal.models import Attachment, AttachmentKind, Consultation, Invitation, Visibility
from portal.participate import blueprint
from portal.participate.consultation_pages import attachments_view, iro_first_name
from portal.participate.consultation_views import KEY_PATTERN, is_htmx, new_key
from portal.participate.session import invitation_required

UPLOAD_KINDS = {kind.value: kind for kind in AttachmentKind}


def _own(invitation: Invitation, attachment_id: int) -> Attachment:
    """One of this participant's own attachments, or a 404 for anyone else's."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.consultation.invitation_id != invitation.id:
        abort(404)
    return attachment


def _with_pictures(invitation: Invitation, target: str = "") -> Consultation:
    """The participant's views, if their form takes attachments where they are going (`target`:
    "" for the pictures page, or a house's question id); a 404 for anyone else."""
    try:
        consultation = engine.start(invitation)
    except engine.NoForm:
        abort(404)
    if target not in engine.definition(consultation).attachment_targets:
        abort(404)
    return consultation


def _target() -> str:
    """Where an attachment is going, as the page or form says (`for`)."""
    return request.values.get("for", "")


def _pictures_page(consultation: Consultation, target: str = "") -> str:
    """Where to go back to: the house the attachment went into, or the pictures page."""
    form = engine.definition(consultation)
    house = next((p for p in form.pages if any(q.id == target for q in p.questions)), None)
    page = house or form.attachments_page or form.pages[0]
    return url_for("participate.consultation_page", page_key=page.key)


def _area(consultation: Consultation, error: str | None, status: int) -> tuple[str, int]:
    """The list and upload forms: the page's block for htmx, the whole page otherwise."""
    view = attachments_view(consultation, error=error)
    if is_htmx():
        return render_block(
            "participate/consultation/attachments.html",
            "attachments_area",
            view=view,
            key=new_key(),
        ), status
    return render_template(
        "participate/consultation/attachments.html", view=view, key=new_key()
    ), status


def _visibility(raw: str | None) -> Visibility:
    try:
        return Visibility(raw or Visibility.IRO_ONLY.value)
    except ValueError:
        abort(400)


def _upload_limit() -> str:
    return current_app.config["RATELIMIT_UPLOAD"]


def _per_invitation() -> str:
    # Counted per invitation, so many addresses sharing one link share one allowance.
    return f"invitation-{session.get('invitation_id')}"


def _refusal_status(refused: RefusedUpload) -> int:
    if refused.status != 400:
        return refused.status
    return 422 if is_htmx() else 400


@blueprint.post("/consultation/attachments")
@limiter.limit(_upload_limit, key_func=_per_invitation)
@invitation_required
def upload_attachment(invitation: Invitation) -> Response | tuple[str, int]:
    target = _target()
    consultation = _with_pictures(invitation, target)
    key = request.form.get("idempotency_key", "")
    kind = UPLOAD_KINDS.get(request.form.get("kind", ""))
    if not KEY_PATTERN.match(key) or kind is None:
        return render_template("participate/consultation/refused.html"), 400
    file = request.files.get("file")
    data = file.read() if file else b""
    # Into a house: seen by whoever may see the house (asked once, on the house's page).
    visibility = (
        engine.house_visibility(consultation, target)
        if target
        else _visibility(request.form.get("visibility"))
    )
    upload = attachments.Upload(
        kind, data, request.form.get("caption", ""), visibility, question_id=target or None
    )
    try:
        attachments.add(consultation, upload, key, str(get_locale()))
    except RefusedUpload as refused:
        return _area(consultation, refused.message, _refusal_status(refused))
    except engine.ConsultationClosed:
        return render_template("participate/consultation/closed.html"), 409
    if is_htmx():
        return _area(consultation, None, 200)
    flash(_("Added. Thank you!"), "success")
    return redirect(_pictures_page(consultation, target), code=303)


@blueprint.post("/consultation/attachments/<int:attachment_id>")
@invitation_required
def update_attachment(invitation: Invitation, attachment_id: int) -> Response | tuple[str, int]:
    attachment = _own(invitation, attachment_id)
    visibility = (
        attachment.visibility
        if attachment.question_id  # a house's: follows the house
        else _visibility(request.form.get("visibility"))
    )
    try:
        attachments.update(
            attachment, request.form.get("caption", ""), visibility, str(get_locale())
        )
    except RefusedUpload as refused:
        return _area(attachment.consultation, refused.message, _refusal_status(refused))
    except engine.ConsultationClosed:
        return render_template("participate/consultation/closed.html"), 409
    flash(_("Saved"), "success")
    return redirect(_pictures_page(attachment.consultation, attachment.question_id or ""), code=303)


@blueprint.post("/consultation/attachments/<int:attachment_id>/delete")
@invitation_required
def delete_attachment(invitation: Invitation, attachment_id: int) -> Response | tuple[str, int]:
    attachment = _own(invitation, attachment_id)
    consultation, target = attachment.consultation, attachment.question_id or ""
    try:
        attachments.remove(attachment)
    except engine.ConsultationClosed:
        return render_template("participate/consultation/closed.html"), 409
    flash(_("Removed"), "success")
    return redirect(_pictures_page(consultation, target), code=303)


@blueprint.get("/consultation/attachments/<int:attachment_id>/file")
@invitation_required
def attachment_file(invitation: Invitation, attachment_id: int) -> Response:
    return serve(_own(invitation, attachment_id))


@blueprint.get("/consultation/attachments/<int:attachment_id>/thumbnail")
@invitation_required
def attachment_thumbnail(invitation: Invitation, attachment_id: int) -> Response:
    attachment = _own(invitation, attachment_id)
    if attachment.thumbnail_key is None:
        abort(404)
    return serve(attachment, thumbnail=True)


@blueprint.get("/consultation/draw")
@invitation_required
def draw(invitation: Invitation) -> str:
    target = _target()
    consultation = _with_pictures(invitation, target)
    return render_template(
        "participate/consultation/draw.html",
        target=target,
        back=_pictures_page(consultation, target),
        key=new_key(),
        iro=iro_first_name(consultation),
        wording=engine.definition(consultation).wording,
    )


@blueprint.get("/consultation/voice")
@invitation_required
def record_voice(invitation: Invitation) -> str:
    target = _target()
    consultation = _with_pictures(invitation, target)
    return render_template(
        "participate/consultation/voice.html",
        target=target,
        back=_pictures_page(consultation, target),
        key=new_key(),
        file_key=new_key(),
        iro=iro_first_name(consultation),
        wording=engine.definition(consultation).wording,
    )
