"""What the IRO wrote, read through the participant's invitation: the letter about the review
(with reactions, a question for the IRO and help to read it) and the midpoint note."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal import child_letters, midpoints, pdf
from portal.models import ChildLetter, Invitation, ParticipantRole, Reaction, RequestKind
from portal.participate import blueprint
from portal.participate import session as participant

QUESTION_MAX = 1000


def _readable(invitation: Invitation) -> ChildLetter:
    letter = child_letters.readable_by(invitation)
    if letter is None:
        abort(404)
    return letter


def _page(invitation: Invitation, letter: ChildLetter, question_error: str = "") -> str:
    review = invitation.review
    iro = letter.written_by.name.split()[0]
    mine = next((r for r in letter.reactions if r.invitation_id == invitation.id), None)
    done = request.args.get("done", "")
    return render_template(
        "participate/letter.html",
        letter=letter,
        review=review,
        next_review_on=child_letters.next_review_on(review),
        for_child=invitation.role is ParticipantRole.CHILD,
        iro=iro,
        reaction=mine.reaction.value if mine else "",
        reacted=done == "reaction",
        asked=done == "question",
        helped=done == "help",
        question_error=question_error,
    )


@blueprint.get("/letter")
@participant.invitation_required
def letter(invitation: Invitation) -> str:
    return _page(invitation, _readable(invitation))


@blueprint.get("/letter.pdf")
@participant.invitation_required
def letter_pdf(invitation: Invitation) -> Response:
    found = _readable(invitation)
    review = invitation.review
    html = render_template(
        "letters/child_letter.html",
        letter=found,
        review=review,
        next_review_on=child_letters.next_review_on(review),
        for_child=invitation.role is ParticipantRole.CHILD,
    )
    return pdf.attachment(pdf.html_to_pdf(html), "letter-about-the-review.pdf")


@blueprint.post("/letter/reaction")
@participant.invitation_required
def letter_reaction(invitation: Invitation) -> Response:
    found = _readable(invitation)
    try:
        reaction = Reaction(request.form.get("reaction", ""))
    except ValueError:
        abort(400)
    child_letters.react(found, invitation, reaction)
    return redirect(url_for("participate.letter", done="reaction"), code=303)


@blueprint.post("/letter/question")
@participant.invitation_required
def letter_question(invitation: Invitation) -> Response | tuple[str, int]:
    found = _readable(invitation)
    question = request.form.get("question", "").strip()
    if not question:
        return _page(invitation, found, _("Write your question")), 400
    if len(question) > QUESTION_MAX:
        return _page(invitation, found, _("Use 1,000 characters or fewer")), 400
    child_letters.ask_question(invitation, question)
    return redirect(url_for("participate.letter", done="question"), code=303)


@blueprint.post("/letter/help")
@participant.invitation_required
def letter_help(invitation: Invitation) -> Response:
    _readable(invitation)
    kinds = {"interpreter": RequestKind.INTERPRETER, "advocate": RequestKind.ADVOCATE}
    kind = kinds.get(request.form.get("help", ""))
    if kind is None:
        abort(400)
    child_letters.ask_help_reading(invitation, kind)
    return redirect(url_for("participate.letter", done="help"), code=303)


@blueprint.get("/midpoint")
@participant.invitation_required
def midpoint(invitation: Invitation) -> str:
    """The midpoint note, for the child only."""
    note = midpoints.readable_by(invitation)
    if note is None:
        abort(404)
    return render_template(
        "participate/midpoint.html", note=note, iro=note.written_by.name.split()[0]
    )
