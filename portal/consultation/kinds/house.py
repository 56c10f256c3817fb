"""One of the Three Houses (good things, worries, dreams): a name the child may change, and
their words."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from portal.consultation.kinds.base import MAX_TEXT, KindHandler, clean_text
from portal.consultation.schema import Question

MAX_NAME = 60


def house_name(question: Question, value: Any) -> str:
    if isinstance(value, dict) and value.get("name"):
        return str(value["name"])
    return str(question.default_name or "")


class House(KindHandler):
    macro = "house"
    own_words = True

    def field_names(self, question: Question) -> set[str]:
        return {question.id, f"{question.id}.name"}

    def parse(self, question: Question, form: MultiDict[str, str]) -> Any:
        words = clean_text(form.get(question.id, ""), question.limit or MAX_TEXT)
        name = clean_text(form.get(f"{question.id}.name", ""), MAX_NAME)
        if words is None and name is None:
            return None
        return {"name": name, "text": words}

    def form_values(self, question: Question, value: Any) -> MultiDict[str, str]:
        fields: MultiDict[str, str] = MultiDict()
        if value is not None:
            fields[question.id] = value.get("text") or ""
            fields[f"{question.id}.name"] = value.get("name") or ""
        return fields

    def display(self, question: Question, value: Any) -> list[str]:
        return [] if value is None else [value.get("text") or ""]

    def title(self, question: Question, value: Any) -> str:
        return house_name(question, value)

    def pack_lines(self, question: Question, value: Any) -> list[str]:
        lines = self.display(question, value)
        return [f"{house_name(question, value)}: {lines[0]}"] if lines else []

    def written_words(self, question: Question, value: Any) -> str | None:
        return " ".join(part for part in (value.get("name"), value.get("text")) if part)
