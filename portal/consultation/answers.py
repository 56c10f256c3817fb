"""Reading answers from a submitted page, checking them, and showing them back. What differs by
kind of question is its handler's business (portal/consultation/kinds/).

Field names on a page: `<question id>` for the answer itself, `page.visibility` for who may see
the page's answers, `<question id>.visibility` for an answer that is to be seen differently from
the rest of its page, and whatever else a kind needs (`.person` for each of a list of people,
`.name` for a house's name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.consultation.kinds import handler_for
from portal.consultation.kinds.house import house_name
from portal.consultation.schema import Page, Question
from portal.models import Visibility

CONTROL_FIELDS = frozenset({"csrf_token", "form_key", "form_version", "idempotency_key", "action"})
PAGE_VISIBILITY = "page.visibility"

__all__ = ["ParsedAnswer", "TamperedPage", "display", "form_values", "house_name", "parse_page"]


@dataclass(frozen=True)
class ParsedAnswer:
    value: Any  # None when the question was left empty
    visibility: Visibility


class TamperedPage(ValueError):
    """The page posted fields no question of it has: refuse the whole request."""


def field_names(question: Question) -> set[str]:
    return handler_for(question).field_names(question) | {f"{question.id}.visibility"}


def check_fields(page: Page, form: MultiDict[str, str]) -> None:
    known = set().union(*(field_names(q) for q in page.questions)) | CONTROL_FIELDS
    known.add(PAGE_VISIBILITY)
    unknown = set(form.keys()) - known
    if unknown:
        raise TamperedPage(sorted(unknown))


def parse_page(
    page: Page, form: MultiDict[str, str]
) -> tuple[dict[str, ParsedAnswer], dict[str, str]]:
    """Every question of the page, parsed; and an error message per question that failed (or
    under PAGE_VISIBILITY, when the page's own choice is not one that was offered)."""
    check_fields(page, form)
    parsed: dict[str, ParsedAnswer] = {}
    errors: dict[str, str] = {}
    try:
        for_page = _visibility(form.get(PAGE_VISIBILITY, "")) or Visibility.IRO_ONLY
    except ValueError as error:
        errors[PAGE_VISIBILITY] = str(error)
        for_page = Visibility.IRO_ONLY
    for question in page.questions:
        try:
            value = handler_for(question).parse(question, form)
            visibility = _visibility(form.get(f"{question.id}.visibility", "")) or for_page
        except ValueError as error:
            errors[question.id] = str(error)
        else:
            parsed[question.id] = ParsedAnswer(value, visibility)
    return parsed, errors


def _visibility(raw: str) -> Visibility | None:
    """A posted choice of who may see: None when not made (the page's choice, or the safer
    "only my IRO", applies)."""
    if raw == "":
        return None
    try:
        return Visibility(raw)
    except ValueError:
        raise ValueError(_("Choose who can see this answer")) from None


def page_visibility(visibilities: list[Visibility]) -> Visibility:
    """The one choice a page shows for its answers' visibilities: shared only when every answer
    is shared, so a page never looks more open than any answer on it."""
    if visibilities and all(v is Visibility.MEETING for v in visibilities):
        return Visibility.MEETING
    return Visibility.IRO_ONLY


def form_values(question: Question, value: Any) -> MultiDict[str, str]:
    """An answer as the fields that would post it (to fill a page in again)."""
    return handler_for(question).form_values(question, value)


def display(question: Question, value: Any) -> list[str]:
    """An answer as lines of text in the reader's language (choices by their labels)."""
    return handler_for(question).display(question, value)
