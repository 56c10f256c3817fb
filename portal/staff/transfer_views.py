"""Handing a child, or a whole caseload, to another IRO (review administrators and managers)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from portal import reviews, transfers
from portal.models import Role, StaffUser
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user
from portal.staff.forms import TransferForm

TRANSFER_ROLES = (Role.REVIEW_ADMIN, Role.MANAGER)


def _iro_choices(iros: list[StaffUser]) -> list[SelectChoice]:
    return [SelectChoice("", "Choose an IRO")] + [
        SelectChoice(str(iro.id), iro.name) for iro in iros
    ]


@blueprint.route("/children/<int:child_id>/transfer", methods=["GET", "POST"])
@roles_required(*TRANSFER_ROLES)
def transfer_child(child_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    child = reviews.child_for(user, child_id)
    form = TransferForm()
    form.to_iro_id.choices = _iro_choices(reviews.iros_of(user.organisation_id))
    if form.validate_on_submit():
        try:
            to = transfers.iro_to_receive(user, form.to_iro_id.data or -1)
            transfers.transfer_child(child, to, transfers.TransferReason(form.reason.data), by=user)
        except transfers.TransferError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(f"{child.name}'s IRO is now {to.name}.", "success")
            return redirect(url_for("staff.child", child_id=child.id), code=303)
    page = render_template("staff/children/transfer.html", form=form, child=child)
    return page, 400 if form.errors else 200


@blueprint.route("/caseloads/transfer", methods=["GET", "POST"])
@roles_required(*TRANSFER_ROLES)
def transfer_caseload() -> Response | tuple[str, int]:
    user = signed_in_user()
    iros = reviews.iros_of(user.organisation_id)
    form = TransferForm()
    form.from_iro_id.choices = _iro_choices(iros)
    form.to_iro_id.choices = _iro_choices(iros)
    if form.validate_on_submit():
        try:
            from_iro = transfers.iro_to_receive(user, form.from_iro_id.data or -1)
        except transfers.TransferError:
            form.from_iro_id.errors.append("Choose the IRO whose caseload moves")
        else:
            try:
                to = transfers.iro_to_receive(user, form.to_iro_id.data or -1)
                moved = transfers.transfer_caseload(
                    from_iro, to, transfers.TransferReason(form.reason.data), by=user
                )
            except transfers.TransferError as error:
                getattr(form, error.field).errors.append(error.message)
            else:
                flash(f"{moved} children moved from {from_iro.name} to {to.name}.", "success")
                return redirect(url_for("staff.children"), code=303)
    page = render_template("staff/children/transfer.html", form=form, child=None)
    return page, 400 if form.errors else 200
