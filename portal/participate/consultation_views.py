"""A participant's forms: their views before the review (/consultation/...) and their feedback
after it (/feedback/...), one page of questions at a time, saved as they go.

Every route serves both purposes: its two URL rules differ only in the `purpose` they pass.
Which form a participant gets is the registry's choice (`forms.form_for`); a participant with
no form for a purpose gets a 404, and a form outside its window a friendly page.

Each page URL answers a normal form post (save, then go on: works without JavaScript) and an
htmx post (autosave: save, answer with the "Saved" status fragment of the same template).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from jinja2_fragments.flask import render_block
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal import attachments, pdf, reviews
from portal.consultation import answers as answer_fields
from portal.consultation import engine, forms, notices, purposes
from portal.consultation.schema import FormDefinition, Page
from portal.models import Attachment, AttachmentKind, Consultation, Helper, Invitation, Purpose
from portal.models.base import utcnow
from portal.participate import blueprint
from portal.participate.consultation_pages import (
    PageView,
    attachments_view,
    by_audience,
    page_url,
    page_view,
)
from portal.participate.session import invitation_required, secret_given

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# The path each purpose's pages live under.
PREFIXES = {
    Purpose.VIEWS: "/consultation",
    Purpose.FEEDBACK: "/feedback",
    Purpose.MIDPOINT: "/check-in",
}


@blueprint.context_processor
def _unsent_banner() -> dict[str, object]:
    """The banner at the top of every participant page while something sent has changed."""
    invitation = g.get("participant_invitation")
    if invitation is None or not secret_given(invitation):  # nothing shown before the secret
        return {"unsent": None}
    return {"unsent": engine.unsent_after_sending(invitation)}


def new_key() -> str:
    return secrets.token_urlsafe(24)


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def route(path: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view under every purpose's prefix; it gets the purpose as `purpose`."""

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        for purpose, prefix in PREFIXES.items():
            blueprint.add_url_rule(
                prefix + path, view_func=view, defaults={"purpose": purpose.value}, **options
            )
        return view

    return register


def with_consultation(view: Callable[..., Any]) -> Callable[..., Any]:
    """The participant's consultation for the route's purpose: a 404 when no form fits them
    (a parent asking for a young person's page), the "not yet" page before feedback opens."""

    @wraps(view)
    def wrapper(invitation: Invitation, purpose: str, **kwargs: Any) -> Any:
        chosen = Purpose(purpose)
        consultation = engine.find(invitation, chosen)
        if consultation is None:
            if forms.form_for(invitation, chosen, reviews.local_today()) is None:
                abort(404)
            window = purposes.window(chosen, invitation.review, reviews.local_today())
            if window is purposes.Window.NOT_YET:
                return render_template("participate/consultation/not_yet.html"), 409
            consultation = engine.start(invitation, chosen)
        return view(consultation, **kwargs)

    return invitation_required(wrapper)


def check_url(consultation: Consultation) -> str:
    return url_for("participate.consultation_check", purpose=consultation.purpose.value)


@route("")
@with_consultation
def consultation_start(consultation: Consultation) -> Response:
    form = engine.definition(consultation)
    page_key = consultation.current_page if form.page(consultation.current_page or "") else None
    if consultation.submissions:
        # Back after sending: the summary of what was sent, and whether anything is unsent.
        return redirect(check_url(consultation), code=303)
    return redirect(page_url(consultation.purpose, page_key or form.pages[0].key), code=303)


def _render_page(view: PageView, status: int = 200) -> tuple[str, int]:
    return render_template("participate/consultation/page.html", view=view, key=new_key()), status


@route("/<page_key>", methods=["GET", "POST"])
@with_consultation
def consultation_page(consultation: Consultation, page_key: str) -> Response | tuple[str, int]:
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
    stored: MultiDict[str, str] = MultiDict()
    for question_id, answer in engine.answers(consultation).items():
        question = form.question(question_id)
        if question is not None:
            stored.update(answer_fields.form_values(question, answer.value))
            stored[f"{question_id}.visibility"] = answer.visibility.value
    for question in page.questions:
        if question.takes_attachments and f"{question.id}.visibility" not in stored:
            # A house with only drawings or recordings in it: its choice is theirs.
            stored[f"{question.id}.visibility"] = engine.house_visibility(
                consultation, question.id
            ).value
    extra = request.args.get("more", "")
    return _render_page(page_view(consultation, form, page, stored, more_people=extra))


def _refuse(reason: str) -> tuple[str, int]:
    """A clear 400 for a page that was not made by us, or is out of date: nothing is stored."""
    return render_template("participate/consultation/refused.html", reason=reason), 400


def _closed(consultation: Consultation) -> tuple[str, int]:
    return render_template(
        "participate/consultation/closed.html",
        wording=engine.definition(consultation).wording,
        consultation=consultation,
    ), 409


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
        return _closed(consultation)
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
    return redirect(_after_save(consultation, form, page, posted.get("action", "")), code=303)


def _after_save(consultation: Consultation, form: FormDefinition, page: Page, action: str) -> str:
    purpose = consultation.purpose
    if action.startswith("more:"):
        question = form.question(action.removeprefix("more:"))
        if question is not None:
            url = page_url(purpose, page.key, more=question.id)
            return f"{url}#{page_view_anchor(question.id)}"
    if action == "check" or request.args.get("then") == "check":
        return check_url(consultation)
    following = engine.page_after(form, page)
    if following is None:
        return check_url(consultation)
    return page_url(purpose, following.key)


def page_view_anchor(question_id: str) -> str:
    return "q-" + question_id.replace(".", "-")


@route("/version", methods=["POST"])
@with_consultation
def consultation_version(consultation: Consultation) -> Response | tuple[str, int]:
    if not engine.can_change(consultation):
        return _closed(consultation)
    try:
        form = engine.switch_form(consultation, request.form.get("form", ""))
    except engine.NoForm:
        abort(400)
    return redirect(page_url(consultation.purpose, form.pages[0].key), code=303)


@route("/check")
@with_consultation
def consultation_check(consultation: Consultation) -> str:
    form = engine.definition(consultation)
    return render_template(
        "participate/consultation/check.html",
        consultation=consultation,
        wording=form.wording,
        groups=by_audience(consultation, form),
        can_change=engine.can_change(consultation),
        unsent=engine.has_unsent_changes(consultation),
        **_timing(consultation),
    )


def _timing(consultation: Consultation) -> dict[str, Any]:
    """Until when answers can change, and whether the IRO is already getting the pack ready."""
    if consultation.purpose is Purpose.VIEWS:
        return {
            "change_until": engine.lock_time(consultation),
            "locked": engine.is_locked(consultation),
        }
    return {"change_until": engine.closes_on(consultation), "locked": False}


@route("/send", methods=["GET", "POST"])
@with_consultation
def consultation_send(consultation: Consultation) -> Response | str | tuple[str, int]:
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
                consultation,
                helper=helper,
                idempotency_key=key,
                language=str(get_locale()),
                anonymous=request.form.get("anonymous") == "yes",
            )
        except engine.ConsultationClosed:
            return _closed(consultation)
        return redirect(
            url_for("participate.consultation_sent", purpose=consultation.purpose.value), code=303
        )
    if not engine.can_change(consultation):
        return _closed(consultation)
    return render_template(
        "participate/consultation/send.html",
        consultation=consultation,
        wording=form.wording,
        groups=by_audience(consultation, form),
        key=new_key(),
    )


@route("/sent")
@with_consultation
def consultation_sent(consultation: Consultation) -> Response | str:
    if not consultation.submissions:
        return redirect(check_url(consultation), code=303)
    form = engine.definition(consultation)
    latest = consultation.submissions[-1]
    return render_template(
        "participate/consultation/sent.html",
        consultation=consultation,
        wording=form.wording,
        raised=notices.raised(form, latest.answers),
        anonymous=latest.anonymous,
        replaced=len(consultation.submissions) > 1,
        complaint_reply_by=notices.complaint_reply_by(consultation),
        **_timing(consultation),
    )


@route("/copy.pdf")
@with_consultation
def consultation_copy(consultation: Consultation) -> Response:
    """A copy of everything they have said, in their language, to keep: their pictures and
    drawings in it, what they have not sent yet marked, and tagged for screen readers."""
    html, files = copy_html(consultation)
    return pdf.attachment(pdf.html_to_pdf(html, files, tagged=True), "my-views.pdf")


def copy_picture_path(item: Attachment) -> str:
    return f"/copy/pictures/{item.id}"


def copy_html(consultation: Consultation) -> tuple[str, dict[str, tuple[bytes, str]]]:
    """The copy as HTML, in the page's language, and the pictures it shows, ready to be made
    into a PDF."""
    form = engine.definition(consultation)
    groups = by_audience(consultation, form)
    files = {}
    for shown in groups.private + groups.shared:
        for item in shown.items:
            data = attachments.file_of(item) if item.kind is not AttachmentKind.VOICE else None
            if data is not None:
                files[copy_picture_path(item)] = (data, item.content_type)
    html = render_template(
        "participate/consultation/copy.html",
        consultation=consultation,
        wording=form.wording,
        groups=groups,
        picture_src=copy_picture_path,
        made_at=utcnow(),
    )
    return html, files
