""" "IRO" explained in the page's language the first time it appears on a participant's page.

Children and families meet the word in many sentences (every catalogue keeps "IRO" as it is,
the way UK services say it). Rather than each sentence explaining it, the page's main content
passes through `explain_iro`, which adds the explanation after the first "IRO" in the text a
reader sees, at the end of the text it is in (so no sentence is cut in two): never inside a tag,
an attribute, or a box they typed in. A page that explains the
word in its own sentence (the welcome page) marks it with data-explains="IRO" and is left as it
is.
"""

from __future__ import annotations

import re

from flask import g, has_request_context, request
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.models import ParticipantRole

TERM = re.compile(r"(?<![A-Za-z])IRO(?![A-Za-z])")
# Text inside these is not the page speaking: what someone typed, or not shown as text.
RAW = ("textarea", "script", "style", "title", "option")
TOKENS = re.compile(r"(<[^>]*>)")


def explanation() -> str:
    invitation = g.get("participant_invitation")
    if invitation is not None and invitation.role is ParticipantRole.CHILD:
        return _("IRO means Independent Reviewing Officer: the person who runs your meeting.")
    return _("IRO means Independent Reviewing Officer: the person who runs the meeting.")


def explain_iro(html: Markup) -> Markup:
    """The page's main content with "IRO" explained once (participant pages only)."""
    html = escape(html)  # already Markup when it comes from a template: then unchanged
    if not has_request_context() or request.blueprint != "participate":
        return html
    if 'data-explains="IRO"' in html:
        return html
    parts = TOKENS.split(str(html))
    raw_depth = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            raw_depth += _raw_change(part)
            continue
        if raw_depth or not TERM.search(part):
            continue
        note = Markup(' <span class="term-explained">({})</span>').format(escape(explanation()))
        parts[index] = part.rstrip() + str(note) + part[len(part.rstrip()) :]
        break
    # The page's own escaped HTML, with one escaped note added between its pieces.
    return Markup("".join(parts))  # noqa: S704


def _raw_change(tag: str) -> int:
    name = re.match(r"</?\s*([a-zA-Z0-9]+)", tag)
    if name is None or name.group(1).lower() not in RAW or tag.endswith("/>"):
        return 0
    return -1 if tag.startswith("</") else 1
