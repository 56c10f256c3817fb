"""Routes for participants: opening an invitation, the welcome page, language, quick exit."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from portal import i18n, invitations, phones, security
from portal.extensions import limiter
from portal.models import Invitation
from portal.participate import audiences, blueprint
from portal.participate import session as participant
from portal.participate.forms import CodeForm, LanguageForm
from portal.participate.welcome import welcome_for
from portal.requests import alerts


def _invitation_limit() -> str:
    return current_app.config["RATELIMIT_INVITATION"]


def _codes_from_everyone_limit() -> str:
    return current_app.config["RATELIMIT_CODES_FROM_EVERYONE"]


def _everyone() -> str:
    """One count for every address together: a guesser who spreads tries over many addresses
    (a botnet) gets no more than the whole country's children and parents typing codes."""
    return "every-address"


# Every typed code is counted before it is checked (an atomic hit on the shared store), so tries
# sent at the same moment cannot pass together. Links are left out: a 256-bit token cannot be
# guessed, and a guesser who fills this count must not stop children opening their letters'
# links and QR codes.
_codes_from_everyone = limiter.limit(
    _codes_from_everyone_limit, scope="codes-from-everyone", key_func=_everyone, methods=["POST"]
)


@blueprint.before_request
def load_invitation() -> None:
    # Before anything is translated, so the invitation's language can choose the locale.
    if "invitation_id" in session:
        participant.current_invitation()


@blueprint.get("/")
def start() -> str:
    return render_template("participate/start.html", form=CodeForm())


@blueprint.get("/i/<token>")
@limiter.limit(_invitation_limit)
def open_link(token: str) -> Response | tuple[str, int]:
    invitation = invitations.open_with_token(token)
    if invitation is None:
        return participant.unavailable()
    participant.start(invitation)
    # 303 to a URL without the token: it leaves the address bar, history and any Referer.
    return redirect(url_for("participate.welcome"), code=303)


@blueprint.route("/code", methods=["GET", "POST"])
@limiter.limit(_invitation_limit, methods=["POST"])
@_codes_from_everyone
def enter_code() -> Response | str | tuple[str, int]:
    form = CodeForm()
    if form.validate_on_submit():
        invitation = invitations.open_with_code(form.code.data or "")
        if invitation is None:
            return participant.unavailable()
        participant.start(invitation)
        return redirect(url_for("participate.welcome"), code=303)
    status = 400 if form.errors else 200
    return render_template("participate/code.html", form=form), status


@blueprint.get("/welcome")
@participant.invitation_required
def welcome(invitation: Invitation) -> str:
    return render_template("participate/welcome.html", welcome=welcome_for(invitation))


@blueprint.get("/language")
def language_page() -> str:
    """Every language, each named in its own script: the header links here."""
    return render_template("participate/language.html", next=_safe_next(request.args.get("next")))


@blueprint.post("/language")
def choose_language() -> Response | tuple[str, int]:
    form = LanguageForm()
    if not form.validate_on_submit():
        return participant.unavailable()
    session["language"] = form.language.data
    invitation = participant.current_invitation()
    if invitation is not None:
        invitations.remember_language(invitation, form.language.data or i18n.DEFAULT.code)
    return redirect(_safe_next(form.next.data), code=303)


@blueprint.route("/safe", methods=["GET", "POST"])
@participant.invitation_required(secret=False)
def safe(invitation: Invitation) -> Response | str:
    """ "Are you safe right now?" (for an adult, "Is a child in danger right now?"): an answer
    that a child may not be safe shows 999 and the help that fits them at once, and tells the
    IRO."""
    if request.method == "POST":
        answer = request.form.get("safe")
        if answer == "no":
            alerts.raise_alert(invitation)
            back = security.local_path(request.form.get("next"))
            return render_template(
                "participate/safe_help.html",
                back=back or url_for("participate.welcome"),
                telling=audiences.who_is_told(invitation),
                out_of_hours=phones.shown(invitation.review.child.organisation.out_of_hours_phone),
            )
        if answer == "yes":
            return redirect(_safe_next(request.form.get("next")), code=303)
    return render_template("participate/safe.html", next=_safe_next(request.args.get("next")))


@blueprint.get("/exit")
def quick_exit() -> Response:
    """'Exit this page': end the session at once and go somewhere neutral."""
    session.end()  # type: ignore[attr-defined]
    return redirect(current_app.config["QUICK_EXIT_URL"], code=303)


def _safe_next(target: str | None) -> str:
    """Where to go back to: a path on this site, or the start page. Never an open redirect."""
    return security.local_path(target) or url_for("participate.start")
