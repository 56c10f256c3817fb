"""Reading answers from a submitted page, checking them, and showing them back.

Field names on a page: `<question id>` for the answer itself, `<question id>.visibility` for
who may see it, `<question id>.person` (repeated) for a list of people, `<question id>.name`
for a house's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.consultation.schema import Kind, Page, Question
from portal.models import Visibility

MAX_TEXT = 5000
MAX_NAME = 60
MAX_PERSON = 100
MAX_PEOPLE = 12
CONTROL_FIELDS = frozenset({"csrf_token", "form_key", "form_version", "idempotency_key", "action"})


@dataclass(frozen=True)
class ParsedAnswer:
    value: Any  # None when the question was left empty
    visibility: Visibility


class TamperedPage(ValueError):
    """The page posted fields no question of it has: refuse the whole request."""


def field_names(question: Question) -> set[str]:
    names = {question.id, f"{question.id}.visibility"}
    if question.kind is Kind.PEOPLE:
        names.add(f"{question.id}.person")
    if question.kind is Kind.HOUSE:
        names.add(f"{question.id}.name")
    return names


def check_fields(page: Page, form: MultiDict[str, str]) -> None:
    known = set().union(*(field_names(q) for q in page.questions)) | CONTROL_FIELDS
    unknown = set(form.keys()) - known
    if unknown:
        raise TamperedPage(sorted(unknown))


def parse_page(
    page: Page, form: MultiDict[str, str]
) -> tuple[dict[str, ParsedAnswer], dict[str, str]]:
    """Every question of the page, parsed; and an error message per question that failed."""
    check_fields(page, form)
    parsed: dict[str, ParsedAnswer] = {}
    errors: dict[str, str] = {}
    for question in page.questions:
        try:
            value = parse_value(question, form)
            visibility = parse_visibility(question, form)
        except ValueError as error:
            errors[question.id] = str(error)
        else:
            parsed[question.id] = ParsedAnswer(value, visibility)
    return parsed, errors


def parse_visibility(question: Question, form: MultiDict[str, str]) -> Visibility:
    raw = form.get(f"{question.id}.visibility", "")
    if raw == "":
        return Visibility.IRO_ONLY  # the safer choice, unless they say otherwise
    try:
        return Visibility(raw)
    except ValueError:
        raise ValueError(_("Choose who can see this answer")) from None


def _too_long(limit: int) -> ValueError:
    return ValueError(
        _(
            "Your answer is too long. Use %(limit)s characters or fewer.",
            limit=format_decimal(limit),
        )
    )


def parse_value(question: Question, form: MultiDict[str, str]) -> Any:
    kind = question.kind
    if kind in {Kind.FEELINGS, Kind.SINGLE, Kind.YES_NO}:
        raw = form.get(question.id, "")
        if raw == "":
            return None
        if question.option(raw) is None:
            raise ValueError(_("Choose one of the answers"))
        return int(raw) if kind is Kind.FEELINGS else raw
    if kind is Kind.MULTIPLE:
        chosen = list(dict.fromkeys(form.getlist(question.id)))
        if any(question.option(key) is None for key in chosen):
            raise ValueError(_("Choose from the answers shown"))
        return chosen or None
    if kind is Kind.TEXT:
        return _text(form.get(question.id, ""), MAX_TEXT)
    if kind is Kind.PEOPLE:
        names = [name.strip() for name in form.getlist(f"{question.id}.person") if name.strip()]
        if len(names) > MAX_PEOPLE:
            raise ValueError(_("You can list up to %(count)s people", count=MAX_PEOPLE))
        if any(len(name) > MAX_PERSON for name in names):
            raise _too_long(MAX_PERSON)
        return names or None
    if kind is Kind.HOUSE:
        words = _text(form.get(question.id, ""), MAX_TEXT)
        name = _text(form.get(f"{question.id}.name", ""), MAX_NAME)
        if words is None and name is None:
            return None
        return {"name": name, "text": words}
    raise AssertionError(kind)


def _text(raw: str, limit: int) -> str | None:
    # Browsers send CRLF; count what the reader typed, the way the counter on the page does.
    text = raw.replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise _too_long(limit)
    return text or None


def form_values(question: Question, value: Any) -> MultiDict[str, str]:
    """An answer as the fields that would post it (to fill a page in again)."""
    fields: MultiDict[str, str] = MultiDict()
    if value is None:
        return fields
    if question.kind is Kind.MULTIPLE:
        for key in value:
            fields.add(question.id, key)
    elif question.kind is Kind.PEOPLE:
        for name in value:
            fields.add(f"{question.id}.person", name)
    elif question.kind is Kind.HOUSE:
        fields[question.id] = value.get("text") or ""
        fields[f"{question.id}.name"] = value.get("name") or ""
    else:
        fields[question.id] = str(value)
    return fields


def display(question: Question, value: Any) -> list[str]:
    """An answer as lines of text in the reader's language (choices by their labels)."""
    if value is None:
        return []
    if question.kind in {Kind.FEELINGS, Kind.SINGLE, Kind.YES_NO}:
        option = question.option(str(value))
        return [str(option.label)] if option else []
    if question.kind is Kind.MULTIPLE:
        return [str(option.label) for key in value if (option := question.option(key))]
    if question.kind is Kind.PEOPLE:
        return list(value)
    if question.kind is Kind.HOUSE:
        return [value.get("text") or ""]
    return [str(value)]


def house_name(question: Question, value: Any) -> str:
    if isinstance(value, dict) and value.get("name"):
        return str(value["name"])
    return str(question.default_name or "")
