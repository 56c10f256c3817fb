"""The young person's consultation: one page of questions at a time, saved as they go.

Each page URL answers a normal form post (save, then go on: works without JavaScript) and an
htmx post (autosave: save, answer with the "Saved" status fragment of the same template).
"""

from __future__ import annotations

import re
import secrets

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from jinja2_fragments.flask import render_block
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal import pdf
from portal.consultation import answers as answer_fields
from portal.consultation import engine
from portal.consultation.schema import Audience, FormDefinition, Page
from portal.models import Consultation, Helper, Invitation
from portal.models.base import utcnow
from portal.participate import blueprint
from portal.participate.consultation_pages import (
    PageView,
    attachments_view,
    check_rows,
    page_view,
)
from portal.participate.session import invitation_required

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_key() -> str:
    return secrets.token_urlsafe(24)


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


@blueprint.get("/consultation")
@invitation_required
def consultation_start(invitation: Invitation) -> Response:
    consultation = engine.start(invitation)
    form = engine.definition(consultation)
    page_key = consultation.current_page if form.page(consultation.current_page or "") else None
    if consultation.submissions and not page_key:
        return redirect(url_for("participate.consultation_check"), code=303)
    return redirect(
        url_for("participate.consultation_page", page_key=page_key or form.pages[0].key), code=303
    )


def _render_page(view: PageView, status: int = 200) -> tuple[str, int]:
    return render_template("participate/consultation/page.html", view=view, key=new_key()), status


@blueprint.route("/consultation/<page_key>", methods=["GET", "POST"])
@invitation_required
def consultation_page(invitation: Invitation, page_key: str) -> Response | tuple[str, int]:
    consultation = engine.start(invitation)
    form = engine.definition(consultation)
    page = form.page(page_key)
    if page is None:
        abort(404)
    if page.attachments:
        if request.method == "POST":
            abort(405)
        engine.visit(consultation, page)
        view = attachments_view(consultation)
        return render_template(
            "participate/consultation/attachments.html", view=view, key=new_key()
        ), 200
    if request.method == "POST":
        return _save(consultation, form, page)
    engine.visit(consultation, page)
    stored = MultiDict()
    for question_id, answer in engine.answers(consultation).items():
        question = form.question(question_id)
        if question is not None:
            stored.update(answer_fields.form_values(question, answer.value))
            stored[f"{question_id}.visibility"] = answer.visibility.value
    extra = request.args.get("more", "")
    return _render_page(page_view(consultation, form, page, stored, more_people=extra))


def _refuse(reason: str) -> tuple[str, int]:
    """A clear 400 for a page that was not made by us, or is out of date: nothing is stored."""
    return render_template("participate/consultation/refused.html", reason=reason), 400


def _save(
    consultation: Consultation, form: FormDefinition, page: Page
) -> Response | tuple[str, int]:
    posted = request.form
    if posted.get("form_key") != form.key or posted.get("form_version") != str(form.version):
        return _refuse("out_of_date")
    key = posted.get("idempotency_key", "")
    if not KEY_PATTERN.match(key):
        return _refuse("tampered")
    try:
        parsed, errors = answer_fields.parse_page(page, posted)
    except answer_fields.TamperedPage:
        return _refuse("tampered")
    if not engine.can_change(consultation):
        return render_template("participate/consultation/closed.html"), 409
    view = page_view(consultation, form, page, posted, errors=errors)
    if errors:
        if is_htmx():
            return render_block(
                "participate/consultation/page.html", "save_status", view=view, key=key
            ), 422
        return _render_page(view, 400)
    engine.save_page(consultation, page, parsed, key, str(get_locale()))
    if is_htmx():
        return render_block(
            "participate/consultation/page.html",
            "save_status",
            view=view,
            key=key,
            saved_at=utcnow(),
        ), 200
    return redirect(_after_save(form, page, posted.get("action", "")), code=303)


def _after_save(form: FormDefinition, page: Page, action: str) -> str:
    if action.startswith("more:"):
        question = form.question(action.removeprefix("more:"))
        if question is not None:
            url = url_for("participate.consultation_page", page_key=page.key, more=question.id)
            return f"{url}#{page_view_anchor(question.id)}"
    if action == "check" or request.args.get("then") == "check":
        return url_for("participate.consultation_check")
    following = engine.page_after(form, page)
    if following is None:
        return url_for("participate.consultation_check")
    return url_for("participate.consultation_page", page_key=following.key)


def page_view_anchor(question_id: str) -> str:
    return "q-" + question_id.replace(".", "-")


@blueprint.post("/consultation/version")
@invitation_required
def consultation_version(invitation: Invitation) -> Response:
    consultation = engine.start(invitation)
    try:
        audience = Audience(request.form.get("audience", ""))
    except ValueError:
        abort(400)
    if not engine.can_change(consultation):
        abort(409)
    form = engine.switch_form(consultation, audience)
    return redirect(url_for("participate.consultation_page", page_key=form.pages[0].key), code=303)


@blueprint.get("/consultation/check")
@invitation_required
def consultation_check(invitation: Invitation) -> str:
    consultation = engine.start(invitation)
    form = engine.definition(consultation)
    return render_template(
        "participate/consultation/check.html",
        consultation=consultation,
        rows=check_rows(consultation, form),
        can_change=engine.can_change(consultation),
        unsent=engine.has_unsent_changes(consultation),
        lock_time=engine.lock_time(consultation),
        locked=engine.is_locked(consultation),
    )


@blueprint.route("/consultation/send", methods=["GET", "POST"])
@invitation_required
def consultation_send(invitation: Invitation) -> Response | str | tuple[str, int]:
    consultation = engine.start(invitation)
    form = engine.definition(consultation)
    if request.method == "POST":
        key = request.form.get("idempotency_key", "")
        if not KEY_PATTERN.match(key):
            return _refuse("tampered")
        try:
            helper = Helper(request.form["helper"]) if request.form.get("helper") else None
        except ValueError:
            return _refuse("tampered")
        try:
            engine.submit(
                consultation, helper=helper, idempotency_key=key, language=str(get_locale())
            )
        except engine.ConsultationClosed:
            return render_template("participate/consultation/closed.html"), 409
        return redirect(url_for("participate.consultation_sent"), code=303)
    if not engine.can_change(consultation):
        return render_template("participate/consultation/closed.html"), 409
    return render_template(
        "participate/consultation/send.html",
        consultation=consultation,
        rows=check_rows(consultation, form),
        helpers=list(Helper),
        key=new_key(),
    )


@blueprint.get("/consultation/sent")
@invitation_required
def consultation_sent(invitation: Invitation) -> Response | str:
    consultation = engine.start(invitation)
    if not consultation.submissions:
        return redirect(url_for("participate.consultation_check"), code=303)
    return render_template(
        "participate/consultation/sent.html",
        consultation=consultation,
        lock_time=engine.lock_time(consultation),
        locked=engine.is_locked(consultation),
    )


@blueprint.get("/consultation/copy.pdf")
@invitation_required
def consultation_copy(invitation: Invitation) -> Response:
    """A copy of everything they have said, in their language, to keep."""
    consultation = engine.start(invitation)
    return pdf.attachment(pdf.html_to_pdf(copy_html(consultation)), "my-views.pdf")


def copy_html(consultation: Consultation) -> str:
    """The copy as HTML, in the page's language, ready to be made into a PDF."""
    form = engine.definition(consultation)
    return render_template(
        "participate/consultation/copy.html",
        consultation=consultation,
        rows=check_rows(consultation, form),
        made_at=utcnow(),
    )
