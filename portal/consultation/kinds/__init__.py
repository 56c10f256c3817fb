"""One handler per kind of question: how its answer is read from a page, put back into a page,
shown, and whether it is the participant's own words. Everything that treats kinds differently
asks the handler (`handler_for`); nothing else looks at a question's kind.
"""

from __future__ import annotations

from portal.consultation.kinds.base import KindHandler
from portal.consultation.kinds.choices import MultipleChoice, OneChoice
from portal.consultation.kinds.house import House
from portal.consultation.kinds.people import People
from portal.consultation.kinds.text import Text
from portal.consultation.schema import Kind, Question

HANDLERS: dict[Kind, KindHandler] = {
    Kind.FEELINGS: OneChoice(as_number=True),
    Kind.SINGLE: OneChoice(),
    Kind.YES_NO: OneChoice(),
    Kind.MULTIPLE: MultipleChoice(),
    Kind.TEXT: Text(),
    Kind.PEOPLE: People(),
    Kind.HOUSE: House(),
}


def handler_for(question: Question) -> KindHandler:
    return HANDLERS[question.kind]


__all__ = ["HANDLERS", "KindHandler", "handler_for"]
