"""A short list of people, one name per field."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.consultation.kinds.base import KindHandler, too_long
from portal.consultation.schema import Question

MAX_PERSON = 100
MAX_PEOPLE = 12


class People(KindHandler):
    macro = "people"
    own_words = True

    def field_names(self, question: Question) -> set[str]:
        return {question.id, f"{question.id}.person"}

    def parse(self, question: Question, form: MultiDict[str, str]) -> Any:
        names = [name.strip() for name in form.getlist(f"{question.id}.person") if name.strip()]
        if len(names) > MAX_PEOPLE:
            raise ValueError(_("You can list up to %(count)s people", count=MAX_PEOPLE))
        if any(len(name) > MAX_PERSON for name in names):
            raise too_long(MAX_PERSON)
        return names or None

    def form_values(self, question: Question, value: Any) -> MultiDict[str, str]:
        fields: MultiDict[str, str] = MultiDict()
        for name in value or ():
            fields.add(f"{question.id}.person", name)
        return fields

    def display(self, question: Question, value: Any) -> list[str]:
        return list(value or ())

    def written_words(self, question: Question, value: Any) -> str | None:
        # Names alone say nothing about a language.
        return None
