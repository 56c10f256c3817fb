"""System administration: the organisation's settings and its staff accounts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal import accounts, audit, organisation_phrases
from portal.extensions import db
from portal.models import Role, StaffUser
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user
from portal.staff.forms import (
    ConfirmForm,
    OrganisationForm,
    StaffForm,
    phrase_field_name,
    phrases_form,
)


def _colleague(staff_id: int) -> StaffUser:
    """A staff account in the administrator's own organisation, or a 404."""
    colleague = db.session.get(StaffUser, staff_id)
    if colleague is None or colleague.organisation_id != signed_in_user().organisation_id:
        abort(404)
    return colleague


@blueprint.get("/admin/staff")
@roles_required(Role.SYSADMIN)
def staff_list() -> str:
    people = db.session.execute(
        select(StaffUser)
        .where(StaffUser.organisation_id == signed_in_user().organisation_id)
        .order_by(StaffUser.active.desc(), StaffUser.name)
    ).scalars()
    return render_template("staff/admin/staff_list.html", people=list(people), form=ConfirmForm())


@blueprint.route("/admin/staff/new", methods=["GET", "POST"])
@roles_required(Role.SYSADMIN)
def add_staff() -> Response | str | tuple[str, int]:
    admin = signed_in_user()
    form = StaffForm()
    if form.validate_on_submit():
        problem = accounts.password_problem(
            form.password.data or "", personal=(form.name.data or "", form.email.data or "")
        )
        if problem:
            form.password.errors.append(problem)
        elif accounts.find_by_email(form.email.data or ""):
            form.email.errors.append("Someone already has an account with this email address")
        else:
            person = accounts.create_staff(
                admin.organisation,
                name=form.name.data or "",
                email=form.email.data or "",
                role=Role(form.role.data),
                password=form.password.data or "",
                change_required=True,  # they choose their own at first sign-in
            )
            db.session.flush()
            audit.record(
                "staff.create", organisation_id=admin.organisation_id, staff=admin, subject=person
            )
            db.session.commit()
            flash(f"{person.name} can now sign in and set up their security code.", "success")
            return redirect(url_for("staff.staff_list"), code=303)
    return render_template("staff/admin/staff_new.html", form=form), 400 if form.errors else 200


@blueprint.post("/admin/staff/<int:staff_id>/active")
@roles_required(Role.SYSADMIN)
def toggle_staff_active(staff_id: int) -> Response:
    person = _colleague(staff_id)
    admin = signed_in_user()
    if ConfirmForm().validate_on_submit() and person.id != admin.id:
        accounts.set_active(person, not person.active, by=admin)
        flash(f"{person.name} is now {'active' if person.active else 'deactivated'}.", "success")
    return redirect(url_for("staff.staff_list"), code=303)


@blueprint.post("/admin/staff/<int:staff_id>/reset-security-code")
@roles_required(Role.SYSADMIN)
def reset_security_code(staff_id: int) -> Response:
    person = _colleague(staff_id)
    if ConfirmForm().validate_on_submit():
        accounts.reset_second_factor(person, by=signed_in_user())
        flash(f"{person.name} will set up a new security code when they next sign in.", "success")
    return redirect(url_for("staff.staff_list"), code=303)


@blueprint.route("/admin/organisation", methods=["GET", "POST"])
@roles_required(Role.SYSADMIN)
def organisation_settings() -> Response | str | tuple[str, int]:
    admin = signed_in_user()
    organisation = admin.organisation
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        form.populate_obj(organisation)
        audit.record("organisation.update", organisation_id=organisation.id, staff=admin)
        db.session.commit()
        flash("The settings have been saved.", "success")
        return redirect(url_for("staff.organisation_settings"), code=303)
    page = render_template(
        "staff/admin/organisation.html",
        form=form,
        missing=len(organisation_phrases.missing(organisation)),
    )
    return page, 400 if form.errors else 200


@blueprint.get("/admin/organisation/phrases")
@roles_required(Role.SYSADMIN)
def organisation_phrases_list() -> str:
    return render_template(
        "staff/admin/phrases.html",
        entries=organisation_phrases.entries(signed_in_user().organisation),
        languages=organisation_phrases.LANGUAGES,
    )


@blueprint.route("/admin/organisation/phrases/<code>", methods=["GET", "POST"])
@roles_required(Role.SYSADMIN)
def translate_phrases(code: str) -> Response | tuple[str, int]:
    language = organisation_phrases.translatable(code)
    if language is None:
        abort(404)
    admin = signed_in_user()
    entries = organisation_phrases.entries(admin.organisation)
    form = phrases_form(entries, language)
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        texts = {entry.key: form[phrase_field_name(entry.key)].data or "" for entry in entries}
        if organisation_phrases.save(admin.organisation, language, texts, by=admin):
            flash(f"The phrases in {language.english_name} have been saved.", "success")
            return redirect(url_for("staff.organisation_phrases_list"), code=303)
        flash("Another administrator saved some of these at the same moment: save again.", "error")
        status = 409
    page = render_template(
        "staff/admin/phrases_language.html", form=form, entries=entries, language=language
    )
    return page, status
