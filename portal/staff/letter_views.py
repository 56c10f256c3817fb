"""What the IRO writes to the child: the letter after the review and the midpoint note three
months on. The plain-words checker warns on both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from portal import child_letters, midpoints, pdf, reviews
from portal.models import Review, Role
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user
from portal.staff.forms import ChildLetterForm, MidpointForm, record_id


def _own_review(review_id: int) -> Review:
    """The child's own IRO writes the letter; anyone else: 404."""
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    if review.child.iro_id != user.id:
        abort(404)
    return review


@blueprint.route("/reviews/<int:review_id>/letter", methods=["GET", "POST"])
@roles_required(Role.IRO)
def child_letter(review_id: int) -> Response | tuple[str, int]:
    review = _own_review(review_id)
    letter = child_letters.letter_of(review)
    form = ChildLetterForm(obj=letter)
    shared = (
        [record_id(v) for v in request.form.getlist("share_with")]
        if form.is_submitted()
        else (letter.shared_with if letter else [])
    )

    def save(texts: dict[str, str], send: bool) -> None:
        child_letters.save(review, texts, shared, by=signed_in_user(), send=send)

    done, status, warnings = _write(
        review, form, child_letters.FIELDS, save, "The letter is sent: the child can read it."
    )
    if done is not None:
        return done
    page = render_template(
        "staff/reviews/letter.html",
        form=form,
        review=review,
        letter=letter,
        shared=shared,
        shareable=child_letters.shareable(review),
        warnings=warnings,
        next_review_on=child_letters.next_review_on(review),
        record_due=child_letters.record_due(review),
    )
    return page, status


def _write(
    review: Review,
    form: FlaskForm,
    fields: tuple[str, ...],
    save: Callable[[dict[str, str], bool], None],
    sent_message: str,
) -> tuple[Response | None, int, dict[str, list[Any]]]:
    """The flow the letter and the midpoint note share: save a draft or send it (then back to
    the same page), or show the form again with the plain-words checker's warnings. `save`
    raises a ValueError whose message is shown when it refuses."""
    status = 200
    if form.validate_on_submit():
        send = request.form.get("action") == "send"
        try:
            save(_texts(form, fields), send)
        except ValueError as error:
            flash(str(error), "error")
            status = 400
        else:
            flash(sent_message if send else "Draft saved.", "success")
            return redirect(request.path, code=303), 303, {}
    elif form.errors:
        status = 400
    words = review.child.organisation.plain_words
    return None, status, child_letters.warnings(_texts(form, fields), words)


def _texts(form: FlaskForm, fields: tuple[str, ...]) -> dict[str, str]:
    return {name: form[name].data or "" for name in fields}


@blueprint.get("/reviews/<int:review_id>/letter.pdf")
@roles_required(Role.IRO)
def child_letter_pdf(review_id: int) -> Response:
    review = _own_review(review_id)
    letter = child_letters.letter_of(review)
    if letter is None:
        abort(404)
    html = render_template(
        "letters/child_letter.html",
        letter=letter,
        review=review,
        next_review_on=child_letters.next_review_on(review),
    )
    return pdf.attachment(pdf.html_to_pdf(html), "letter-about-the-review.pdf")


@blueprint.route("/reviews/<int:review_id>/midpoint", methods=["GET", "POST"])
@roles_required(Role.IRO)
def midpoint_note(review_id: int) -> Response | tuple[str, int]:
    review = _own_review(review_id)
    due = midpoints.due_on(review)
    if due is None:
        abort(404)
    note = midpoints.note_of(review)
    form = MidpointForm(obj=note)

    def save(texts: dict[str, str], send: bool) -> None:
        midpoints.save(review, texts, by=signed_in_user(), send=send)

    done, status, warnings = _write(
        review, form, midpoints.FIELDS, save, "Sent: the midpoint is done."
    )
    if done is not None:
        return done
    page = render_template(
        "staff/reviews/midpoint.html",
        form=form,
        review=review,
        note=note,
        due=due,
        check_in=midpoints.check_in_of(review),
        warnings=warnings,
    )
    return page, status


@blueprint.post("/reviews/<int:review_id>/midpoint/check-in")
@roles_required(Role.IRO)
def midpoint_check_in(review_id: int) -> Response:
    review = _own_review(review_id)
    if midpoints.due_on(review) is None:
        abort(404)
    try:
        reached = midpoints.invite_to_check_in(review, by=signed_in_user())
    except midpoints.MidpointError as error:
        flash(str(error), "error")
    else:
        told = sum(1 for invitation in reached if invitation.notify_email)
        flash(
            f"{review.child.name}'s link works for the check-in"
            + (" and they were emailed." if told else ": tell them, or reissue their letter."),
            "success",
        )
    return redirect(url_for("staff.midpoint_note", review_id=review.id), code=303)
