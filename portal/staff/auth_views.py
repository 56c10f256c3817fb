"""Staff sign-in: email and password, then a security code from an authenticator app.

The password step always leads to the code step, whatever the password or address, and
whether or not the account has an authenticator: a failure never reveals which part was wrong,
whether an account exists or whether it is set up. Someone with no authenticator yet follows
the link to set one up; that page always shows a QR code, the real one only to an account with
the right password and no authenticator, and a decoy to anyone else, whose code then fails
like any wrong code. Every verdict is counted towards the lock. A password someone else chose
must be changed before anything else.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from portal import accounts
from portal.extensions import db, limiter
from portal.letters import qr_svg
from portal.models import Role, StaffUser
from portal.models.base import utcnow
from portal.staff import blueprint
from portal.staff.access import init_login_manager, roles_required, signed_in_user
from portal.staff.forms import ChangePasswordForm, SecurityCodeForm, SignInForm

FAILED = "The email address, password or security code is not right. Check them and try again."
PENDING_KEYS = (
    "pending_staff_id",
    "pending_email",
    "pending_password_ok",
    "pending_since",
    "pending_totp_secret",
)

blueprint.record_once(lambda _state: init_login_manager())


def _sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in() -> Response | str | tuple[str, int]:
    form = SignInForm()
    if not form.validate_on_submit():
        return render_template("staff/sign_in.html", form=form), 400 if form.errors else 200
    user, password_ok = accounts.check_password(form.email.data or "", form.password.data or "")
    db.session.commit()  # a rehashed password is saved
    session.clear()
    session.regenerate()  # type: ignore[attr-defined]
    session["pending_staff_id"] = user.id if user else None
    session["pending_email"] = accounts.normalise_email(form.email.data or "")
    session["pending_password_ok"] = password_ok
    session["pending_since"] = utcnow().isoformat()
    return redirect(url_for("staff.security_code"), code=303)


def _pending_attempt() -> accounts.SignInAttempt | None:
    since = session.get("pending_since")
    if since is None:
        return None
    if utcnow() - datetime.fromisoformat(since) > current_app.config["SIGN_IN_STEP_TIMEOUT"]:
        return None
    staff_id = session.get("pending_staff_id")
    user = db.session.get(StaffUser, staff_id) if staff_id else None
    return accounts.SignInAttempt(user, bool(session.get("pending_password_ok")))


def _restart(message: str) -> Response:
    for key in PENDING_KEYS:
        session.pop(key, None)
    flash(message, "error")
    return redirect(url_for("staff.sign_in"), code=303)


def _finish(user: StaffUser) -> Response:
    session.clear()
    session.regenerate()  # type: ignore[attr-defined]
    login_user(user)
    if user.password_change_required:
        return redirect(url_for("staff.change_password"), code=303)
    return redirect(url_for("staff.home"), code=303)


@blueprint.route("/sign-in/security-code", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def security_code() -> Response | str | tuple[str, int]:
    attempt = _pending_attempt()
    if attempt is None:
        return _restart("Your sign-in timed out. Start again.")
    form = SecurityCodeForm()
    if not form.validate_on_submit():
        return render_template("staff/security_code.html", form=form), 400 if form.errors else 200
    user = accounts.complete_sign_in(attempt, form.code.data or "")
    if user is None:
        return _restart(FAILED)
    return _finish(user)


@blueprint.route("/sign-in/set-up-security-code", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def set_up_security_code() -> Response | str | tuple[str, int]:
    attempt = _pending_attempt()
    if attempt is None:
        return _restart("Your sign-in timed out. Start again.")
    # The same page for everyone (see the module docstring): a decoy secret unless enrolling.
    secret = session.setdefault("pending_totp_secret", accounts.new_totp_secret())
    form = SecurityCodeForm()
    if form.validate_on_submit():
        user = accounts.enrol_totp(attempt, secret, form.code.data or "")
        if user is None:
            return _restart(FAILED)
        return _finish(user)
    uri = accounts.totp_uri(session.get("pending_email", ""), secret)
    qr = qr_svg(uri, scale=5, title="QR code for your authenticator app")
    status = 400 if form.errors else 200
    return render_template(
        "staff/set_up_security_code.html", form=form, qr=qr, secret=secret
    ), status


@blueprint.route("/password", methods=["GET", "POST"])
@roles_required(*Role)
def change_password() -> Response | str | tuple[str, int]:
    """Choose a new password: required first when someone else chose the current one."""
    user = signed_in_user()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problem = accounts.change_password(
            user, form.current_password.data or "", form.new_password.data or ""
        )
        if problem is None:
            flash("Your password has been changed.", "success")
            return redirect(url_for("staff.home"), code=303)
        field = form.current_password if "current" in problem else form.new_password
        field.errors = [problem]
    status = 400 if form.errors else 200
    return render_template("staff/change_password.html", form=form, user=user), status


@blueprint.post("/sign-out")
def sign_out() -> Response:
    logout_user()
    session.end()  # type: ignore[attr-defined]
    return redirect(url_for("staff.signed_out"), code=303)


@blueprint.get("/signed-out")
def signed_out() -> str:
    return render_template("staff/signed_out.html")
