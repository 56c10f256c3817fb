"""Moving and cancelling a booked review (review administrators, and the child's IRO)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from portal import lifecycle, reviews
from portal.models import Role
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user
from portal.staff.forms import AdjournReviewForm, CancelReviewForm, MoveReviewForm

LIFECYCLE_ROLES = (Role.REVIEW_ADMIN, Role.IRO)


@blueprint.route("/reviews/<int:review_id>/move", methods=["GET", "POST"])
@roles_required(*LIFECYCLE_ROLES)
def move_review(review_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    form = MoveReviewForm()
    if form.validate_on_submit():
        try:
            lifecycle.move(
                review,
                on=form.scheduled_on.data,  # type: ignore[arg-type]
                at=form.scheduled_time.data,  # type: ignore[arg-type]
                reason=lifecycle.ChangeReason(form.reason.data),
                by=user,
                late_confirmed=form.late_confirmed.data,
            )
        except lifecycle.LifecycleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash("The review has a new date. Everyone with an email address was told.", "success")
            return redirect(url_for("staff.review", review_id=review.id), code=303)
    page = render_template("staff/reviews/move.html", form=form, review=review)
    return page, 400 if form.errors else 200


@blueprint.route("/reviews/<int:review_id>/cancel", methods=["GET", "POST"])
@roles_required(*LIFECYCLE_ROLES)
def cancel_review(review_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    form = CancelReviewForm()
    if form.validate_on_submit():
        try:
            lifecycle.cancel(review, reason=lifecycle.ChangeReason(form.reason.data), by=user)
        except lifecycle.LifecycleError as error:
            form.reason.errors.append(error.message)
        else:
            flash("The review is cancelled. Everyone with an email address was told.", "success")
            return redirect(url_for("staff.review", review_id=review.id), code=303)
    page = render_template("staff/reviews/cancel.html", form=form, review=review)
    return page, 400 if form.errors else 200


@blueprint.route("/reviews/<int:review_id>/adjourn", methods=["GET", "POST"])
@roles_required(*LIFECYCLE_ROLES)
def adjourn_review(review_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    review = reviews.review_for(user, review_id)
    form = AdjournReviewForm()
    if form.validate_on_submit():
        try:
            lifecycle.adjourn(
                review,
                part_one_on=form.part_one_on.data,  # type: ignore[arg-type]
                on=form.scheduled_on.data,  # type: ignore[arg-type]
                at=form.scheduled_time.data,  # type: ignore[arg-type]
                by=user,
            )
        except lifecycle.LifecycleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash("The review is adjourned. Everyone with an email address was told.", "success")
            return redirect(url_for("staff.review", review_id=review.id), code=303)
    page = render_template("staff/reviews/adjourn.html", form=form, review=review)
    return page, 400 if form.errors else 200
