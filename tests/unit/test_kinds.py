"""Each kind of question's handler: parse, fill in again, display, own words."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from portal import create_app
from portal.consultation.kinds import HANDLERS, handler_for
from portal.consultation.schema import Kind, Option, Question

FACES = tuple(Option(str(n), f"Face {n}") for n in range(1, 6))
QUESTIONS = {
    Kind.FEELINGS: Question("q.face", Kind.FEELINGS, "How?", options=FACES),
    Kind.SINGLE: Question(
        "q.one", Kind.SINGLE, "Which?", options=(Option("a", "A"), Option("b", "B"))
    ),
    Kind.YES_NO: Question("q.yes", Kind.YES_NO, "Yes?", options=(Option("yes", "Yes"),)),
    Kind.MULTIPLE: Question(
        "q.many", Kind.MULTIPLE, "Which ones?", options=(Option("a", "A"), Option("b", "B"))
    ),
    Kind.TEXT: Question("q.text", Kind.TEXT, "Tell us"),
    Kind.PEOPLE: Question("q.people", Kind.PEOPLE, "Who?"),
    Kind.HOUSE: Question("q.house", Kind.HOUSE, "Good things", default_name="House of good things"),
}
ANSWERS = {
    Kind.FEELINGS: 4,
    Kind.SINGLE: "b",
    Kind.YES_NO: "yes",
    Kind.MULTIPLE: ["a", "b"],
    Kind.TEXT: "My words",
    Kind.PEOPLE: ["Gran", "Mr Okoro"],
    Kind.HOUSE: {"name": "My castle", "text": "My dog"},
}


@pytest.fixture(autouse=True)
def request_context():
    with create_app("test").test_request_context("/"):
        yield


def test_every_kind_has_a_handler():
    assert set(HANDLERS) == set(Kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_an_answer_survives_being_put_back_into_its_page(kind):
    question, value = QUESTIONS[kind], ANSWERS[kind]
    handler = handler_for(question)
    fields = handler.form_values(question, value)
    assert set(fields.keys()) <= handler.field_names(question)
    assert handler.parse(question, fields) == value


@pytest.mark.parametrize("kind", list(Kind))
def test_an_empty_answer_is_none(kind):
    question = QUESTIONS[kind]
    assert handler_for(question).parse(question, MultiDict()) is None
    assert handler_for(question).display(question, None) == []


@pytest.mark.parametrize("kind", [Kind.FEELINGS, Kind.SINGLE, Kind.YES_NO, Kind.MULTIPLE])
def test_a_choice_that_is_not_offered_is_refused(kind):
    question = QUESTIONS[kind]
    with pytest.raises(ValueError, match="Choose"):
        handler_for(question).parse(question, MultiDict({question.id: "not-offered"}))


def test_own_words_are_text_people_and_houses_and_only_words_have_a_language():
    own = {kind for kind in Kind if handler_for(QUESTIONS[kind]).own_words}
    assert own == {Kind.TEXT, Kind.PEOPLE, Kind.HOUSE}
    house = QUESTIONS[Kind.HOUSE]
    assert handler_for(house).written_words(house, ANSWERS[Kind.HOUSE]) == "My castle My dog"
    people = QUESTIONS[Kind.PEOPLE]
    assert handler_for(people).written_words(people, ANSWERS[Kind.PEOPLE]) is None


def test_a_house_shows_its_name_before_its_words():
    house = QUESTIONS[Kind.HOUSE]
    handler = handler_for(house)
    assert handler.title(house, ANSWERS[Kind.HOUSE]) == "My castle"
    assert handler.pack_lines(house, ANSWERS[Kind.HOUSE]) == ["My castle: My dog"]
    assert handler.title(house, {"name": None, "text": "x"}) == "House of good things"


def test_over_long_answers_are_refused():
    text, people = QUESTIONS[Kind.TEXT], QUESTIONS[Kind.PEOPLE]
    with pytest.raises(ValueError, match="too long"):
        handler_for(text).parse(text, MultiDict({text.id: "x" * 5001}))
    with pytest.raises(ValueError, match="up to 12 people"):
        handler_for(people).parse(people, MultiDict([(f"{people.id}.person", "A")] * 13))
