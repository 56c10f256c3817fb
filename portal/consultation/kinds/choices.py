"""Questions answered by choosing: one option (faces, yes / no / not sure, a list), or several."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.consultation.kinds.base import KindHandler
from portal.consultation.schema import Question


class OneChoice(KindHandler):
    macro = "one_choice"

    def __init__(self, *, as_number: bool = False) -> None:
        self.as_number = as_number  # faces are stored as 1 to 5

    def parse(self, question: Question, form: MultiDict[str, str]) -> Any:
        raw = form.get(question.id, "")
        if raw == "":
            return None
        if question.option(raw) is None:
            raise ValueError(_("Choose one of the answers"))
        return int(raw) if self.as_number else raw

    def display(self, question: Question, value: Any) -> list[str]:
        if value is None:
            return []
        option = question.option(str(value))
        return [str(option.label)] if option else []


class MultipleChoice(KindHandler):
    macro = "multiple_choice"

    def parse(self, question: Question, form: MultiDict[str, str]) -> Any:
        chosen = list(dict.fromkeys(form.getlist(question.id)))
        if any(question.option(key) is None for key in chosen):
            raise ValueError(_("Choose from the answers shown"))
        return chosen or None

    def form_values(self, question: Question, value: Any) -> MultiDict[str, str]:
        fields: MultiDict[str, str] = MultiDict()
        for key in value or ():
            fields.add(question.id, key)
        return fields

    def display(self, question: Question, value: Any) -> list[str]:
        return [str(option.label) for key in value or () if (option := question.option(key))]
