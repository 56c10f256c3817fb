"""The shapes a consultation form is made of. A form is data: whom it is for and what for,
pages of questions of known kinds, the themes the pack groups them under, and its wording for
its audience. One engine asks any form, one pack assembler reads any form back, and nothing
about a particular form lives in a view or a template."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask_babel import LazyString

from portal.models import ParticipantRole, Purpose

if TYPE_CHECKING:
    from portal.consultation.wording import Wording


class Kind(enum.StrEnum):
    FEELINGS = "feelings"  # five faces, 1 (very sad) to 5 (very happy)
    SINGLE = "single"  # one option
    MULTIPLE = "multiple"  # any number of options
    TEXT = "text"  # their own words
    YES_NO = "yes_no"  # yes / no / not sure
    PEOPLE = "people"  # a short list of people
    HOUSE = "house"  # one of the Three Houses: a name they may change, and their words


class Audience(enum.StrEnum):
    """The versions of the young person's form, by the age they are written for."""

    UNDER_8 = "under_8"
    AGE_8_TO_12 = "8_to_12"
    AGE_13_PLUS = "13_plus"


@dataclass(frozen=True)
class Theme:
    """What the pack groups answers under, with its title there (staff read packs in English)."""

    key: str
    pack_title: str


@dataclass(frozen=True)
class Option:
    key: str
    label: LazyString
    picture: str = ""  # an emoji shown beside the words, for younger children


@dataclass(frozen=True)
class Question:
    id: str  # stable across versions of a form: answers are stored under it
    kind: Kind
    label: LazyString
    hint: LazyString | None = None
    options: tuple[Option, ...] = ()
    # HOUSE: the house's name until the child renames it.
    default_name: LazyString | None = None
    picture: str = ""
    # What an answer raises for staff when the form is sent: (answer, what) pairs, where what
    # is a notice ("compliment", "complaint") or a request for help ("advocate",
    # "independent_visitor", "talk_to_iro", "interpreter"); see portal/consultation/notices.py.
    raises: tuple[tuple[str, str], ...] = ()
    # The request whose detail this answer gives (the language an interpreter is needed in).
    detail_for: str = ""
    # The most characters their own words may have (0: the kind's own limit).
    limit: int = 0
    # HOUSE: drawings, voice messages and pictures can be added to it, as well as words.
    takes_attachments: bool = False

    def option(self, key: str) -> Option | None:
        return next((option for option in self.options if option.key == key), None)

    @property
    def has_free_text(self) -> bool:
        return self.kind in {Kind.TEXT, Kind.HOUSE, Kind.PEOPLE}


@dataclass(frozen=True)
class Page:
    key: str
    title: LazyString
    questions: tuple[Question, ...]
    intro: LazyString | None = None
    # The pack groups answers by theme (home, school, ..., my meeting).
    theme: str = ""
    picture: str = ""
    # The page where pictures, drawings and voice messages are added, instead of questions.
    attachments: bool = False

    @property
    def is_meeting(self) -> bool:
        return self.theme == "meeting"


@dataclass(frozen=True)
class FormDefinition:
    key: str
    version: int
    title: LazyString
    purpose: Purpose
    # The invitation roles it is for; a child's form also says which ages it is written for.
    respondents: frozenset[ParticipantRole]
    wording: Wording
    pages: tuple[Page, ...]
    themes: tuple[Theme, ...] = ()
    ages: range | None = None
    audience: Audience | None = None  # the young person's versions only
    # For the adult helping a young child: shown, folded away, on the first page.
    helper_note: tuple[LazyString, ...] = ()
    _questions: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        questions = {q.id: q for page in self.pages for q in page.questions}
        if len(questions) != sum(len(page.questions) for page in self.pages):
            raise ValueError(f"{self.key}: question ids must be unique")
        if len({page.key for page in self.pages}) != len(self.pages):
            raise ValueError(f"{self.key}: page keys must be unique")
        object.__setattr__(self, "_questions", questions)

    def fits(self, role: ParticipantRole, purpose: Purpose, age: int) -> bool:
        return (
            role in self.respondents
            and purpose == self.purpose
            and (self.ages is None or age in self.ages)
        )

    @property
    def attachment_targets(self) -> set[str]:
        """Where attachments may go: "" for the pictures page, or a house's question id."""
        targets = {q.id for q in self.questions if q.takes_attachments}
        return targets | ({""} if self.attachments_page else set())

    @property
    def attachments_page(self) -> Page | None:
        return next((page for page in self.pages if page.attachments), None)

    def page(self, key: str) -> Page | None:
        return next((page for page in self.pages if page.key == key), None)

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    @property
    def questions(self) -> list[Question]:
        return list(self._questions.values())

    def page_index(self, key: str) -> int:
        return [page.key for page in self.pages].index(key)
