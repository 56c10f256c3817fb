"""Invitation letters in the participant's language: a print view and a PDF, with a QR code.

A letter can only be made while its link and code are known, that is on the page that issues
them: that page posts them back here, and they are checked against the stored digests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import segno
from flask import abort, render_template
from flask_babel import force_locale
from markupsafe import Markup
from werkzeug.wrappers import Response

from portal import invitations, organisation_phrases, pdf
from portal.models import Invitation, ParticipantRole


def issued_from_form(
    invitation: Invitation, token: str, form: Mapping[str, str]
) -> invitations.IssuedInvitation:
    code = invitations.normalise_code(form.get("code", ""))
    if (
        not invitations.TOKEN_PATTERN.match(token)
        or code is None
        or invitations.digest(token) != invitation.token_hash
        or invitations.digest(code) != invitation.code_hash
    ):
        abort(404)
    return invitations.IssuedInvitation(invitation, token, code)


def qr_svg(text: str, *, scale: int = 4, title: str | None = None) -> Markup:
    """A QR code as inline SVG. segno draws it from the bits of `text` (which never appears
    in the markup) and escapes the title, so the SVG is safe to insert."""
    svg = segno.make(text, error="m").svg_inline(scale=scale, svgclass="letter-qr", title=title)
    return Markup(svg)  # noqa: S704


@dataclass(frozen=True)
class Letter:
    issued: invitations.IssuedInvitation
    is_child: bool
    child_name: str
    qr: Markup
    code_page_url: str
    organisation_name: str
    helpline: organisation_phrases.Phrase  # in the letter's language if translated


def letter_for(issued: invitations.IssuedInvitation) -> Letter:
    invitation = issued.invitation
    child = invitation.review.child
    return Letter(
        issued=issued,
        is_child=invitation.role is ParticipantRole.CHILD,
        child_name=child.name,
        qr=qr_svg(issued.url),
        code_page_url=invitations.code_page_url(),
        organisation_name=child.organisation.name,
        helpline=organisation_phrases.phrase(
            child.organisation, organisation_phrases.HELPLINE, invitation.language
        ),
    )


def render_html(issued: invitations.IssuedInvitation, *, for_pdf: bool = False) -> str:
    with force_locale(issued.invitation.language):
        return render_template(
            "letters/invitation.html", letter=letter_for(issued), for_pdf=for_pdf
        )


def render_pdf(issued: invitations.IssuedInvitation) -> bytes:
    return pdf.html_to_pdf(render_html(issued, for_pdf=True))


def pdf_response(issued: invitations.IssuedInvitation) -> Response:
    return pdf.attachment(render_pdf(issued), f"invitation-letter-{issued.invitation.id}.pdf")
