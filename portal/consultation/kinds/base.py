"""What every kind of question can do. A handler holds no state of its own."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.consultation.schema import Question

MAX_TEXT = 5000


def too_long(limit: int) -> ValueError:
    return ValueError(
        _(
            "Your answer is too long. Use %(limit)s characters or fewer.",
            limit=format_decimal(limit),
        )
    )


def clean_text(raw: str, limit: int) -> str | None:
    # Browsers send CRLF; count what the reader typed, the way the counter on the page does.
    text = raw.replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise too_long(limit)
    return text or None


class KindHandler:
    # The macro in participate/consultation/_questions.html that draws a question of this kind.
    macro = ""
    # Free text in the participant's words (shown as written, labelled with its language).
    own_words = False

    def field_names(self, question: Question) -> set[str]:
        """The form fields a page of this question may post (besides its visibility)."""
        return {question.id}

    def parse(self, question: Question, form: MultiDict[str, str]) -> Any:
        """The answer from the posted fields: None when left empty. ValueError (with a message
        in the reader's language) when it cannot be accepted."""
        raise NotImplementedError

    def form_values(self, question: Question, value: Any) -> MultiDict[str, str]:
        """An answer as the fields that would post it (to fill a page in again)."""
        fields: MultiDict[str, str] = MultiDict()
        if value is not None:
            fields[question.id] = str(value)
        return fields

    def display(self, question: Question, value: Any) -> list[str]:
        """An answer as lines of text in the reader's language (choices by their labels)."""
        return [] if value is None else [str(value)]

    def title(self, question: Question, value: Any) -> str:
        """What to show before the question's label when the answer is shown back (a house's
        name); nothing for most kinds."""
        return ""

    def pack_lines(self, question: Question, value: Any) -> list[str]:
        """An answer as the pack shows it (by default, as the participant sees it)."""
        return self.display(question, value)

    def written_words(self, question: Question, value: Any) -> str | None:
        """The participant's own words in an answer, to tell which language they are in; None
        for choices, which are shown in the reader's language whatever they were given in."""
        return None
