"""A question answered in the participant's own words."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from portal.consultation.kinds.base import MAX_TEXT, KindHandler, clean_text
from portal.consultation.schema import Question


class Text(KindHandler):
    macro = "text"
    own_words = True

    def parse(self, question: Question, form: MultiDict[str, str]) -> Any:
        return clean_text(form.get(question.id, ""), MAX_TEXT)

    def written_words(self, question: Question, value: Any) -> str | None:
        return str(value)
