"""What the IRO writes to the child: the letter after the review and the midpoint note three
months on. The plain-words checker warns on both."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
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
    shared = letter.shared_with if letter else []
    status = 200
    if form.validate_on_submit():
        shared = [record_id(value) for value in request.form.getlist("share_with")]
        texts = {name: form[name].data or "" for name in child_letters.FIELDS}
        send = request.form.get("action") == "send"
        try:
            child_letters.save(review, texts, shared, by=signed_in_user(), send=send)
        except child_letters.LetterError as error:
            flash(str(error), "error")
            status = 400
        else:
            flash(
                "The letter is sent: the child can read it." if send else "Draft saved.", "success"
            )
            return redirect(url_for("staff.child_letter", review_id=review.id), code=303)
    elif form.errors:
        status = 400
    texts = {name: form[name].data or "" for name in child_letters.FIELDS}
    page = render_template(
        "staff/reviews/letter.html",
        form=form,
        review=review,
        letter=letter,
        shared=shared,
        shareable=child_letters.shareable(review),
        warnings=child_letters.warnings(texts, review.child.organisation.plain_words),
        next_review_on=child_letters.next_review_on(review),
        record_due=child_letters.record_due(review),
    )
    return page, status


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
    status = 200
    if form.validate_on_submit():
        texts = {name: form[name].data or "" for name in midpoints.FIELDS}
        send = request.form.get("action") == "send"
        try:
            midpoints.save(review, texts, by=signed_in_user(), send=send)
        except midpoints.MidpointError as error:
            flash(str(error), "error")
            status = 400
        else:
            flash("Sent: the midpoint is done." if send else "Draft saved.", "success")
            return redirect(url_for("staff.midpoint_note", review_id=review.id), code=303)
    elif form.errors:
        status = 400
    texts = {name: form[name].data or "" for name in midpoints.FIELDS}
    page = render_template(
        "staff/reviews/midpoint.html",
        form=form,
        review=review,
        note=note,
        due=due,
        check_in=midpoints.check_in_of(review),
        warnings=child_letters.warnings(texts, review.child.organisation.plain_words),
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
