"""What the consultation templates show, worked out from a form definition and the answers:
the page being filled in, and the "check your answers" summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from werkzeug.datastructures import MultiDict

from portal.attachments import MAX_ATTACHMENTS
from portal.consultation import answers as answer_fields
from portal.consultation import engine
from portal.consultation.kinds import handler_for
from portal.consultation.kinds.people import MAX_PEOPLE
from portal.consultation.schema import FormDefinition, Page, Question
from portal.consultation.wording import Wording
from portal.models import Attachment, Consultation, Purpose, Visibility

MIN_PEOPLE_FIELDS = 3


def iro_first_name(consultation: Consultation) -> str | None:
    iro = consultation.invitation.review.child.iro
    return iro.name.split()[0] if iro else None


@dataclass
class StepView:
    """One page of a consultation: where it is in the form, and the way back and on."""

    consultation: Consultation
    form: FormDefinition
    page: Page

    @property
    def purpose(self) -> Purpose:
        return self.consultation.purpose

    @property
    def wording(self) -> Wording:
        return self.form.wording

    @property
    def step(self) -> int:
        return self.form.page_index(self.page.key) + 1

    @property
    def total(self) -> int:
        return len(self.form.pages)

    @property
    def previous_url(self) -> str:
        before = engine.page_before(self.form, self.page)
        if before is None:
            return url_for("participate.welcome")
        return page_url(self.purpose, before.key)

    @property
    def next_url(self) -> str:
        after = engine.page_after(self.form, self.page)
        if after is None:
            return url_for("participate.consultation_check", purpose=self.purpose.value)
        return page_url(self.purpose, after.key)

    @property
    def iro_name(self) -> str | None:
        return iro_first_name(self.consultation)


@dataclass
class PageView(StepView):
    """A page of questions."""

    values: MultiDict[str, str] = field(default_factory=MultiDict)
    errors: dict[str, str] = field(default_factory=dict)
    more_people: str = ""

    @property
    def is_first(self) -> bool:
        return self.step == 1

    @property
    def versions(self) -> list[FormDefinition]:
        return engine.other_versions(self.consultation)

    def macro_for(self, question: Question) -> str:
        return handler_for(question).macro

    def visibility(self, question: Question) -> str:
        return self.values.get(f"{question.id}.visibility") or Visibility.IRO_ONLY.value

    def people_fields(self, question: Question) -> list[str]:
        names = self.values.getlist(f"{question.id}.person")
        count = max(MIN_PEOPLE_FIELDS, len(names) + (1 if self.more_people == question.id else 0))
        count = min(count, MAX_PEOPLE)
        return names + [""] * (count - len(names))

    def house_name(self, question: Question) -> str:
        return self.values.get(f"{question.id}.name") or str(question.default_name or "")


def page_view(
    consultation: Consultation,
    form: FormDefinition,
    page: Page,
    values: MultiDict[str, str],
    *,
    errors: dict[str, str] | None = None,
    more_people: str = "",
) -> PageView:
    return PageView(consultation, form, page, values, errors or {}, more_people)


@dataclass
class AttachmentsView(StepView):
    """The page where pictures, drawings and voice messages are added."""

    items: list[Attachment] = field(default_factory=list)
    error: str | None = None

    @property
    def can_add(self) -> bool:
        return len(self.items) < MAX_ATTACHMENTS

    @property
    def can_change(self) -> bool:
        return engine.can_change(self.consultation)


def attachments_view(consultation: Consultation, error: str | None = None) -> AttachmentsView:
    form = engine.definition(consultation)
    page = next(page for page in form.pages if page.attachments)
    return AttachmentsView(
        consultation, form, page, engine.current_attachments(consultation), error
    )


def page_url(purpose: Purpose, page_key: str, **arguments: str) -> str:
    return url_for(
        "participate.consultation_page", purpose=purpose.value, page_key=page_key, **arguments
    )


@dataclass(frozen=True)
class CheckRow:
    question: Question
    lines: list[str]
    title: str  # shown before the question's label (a house's name)
    visibility: Visibility | None
    change_url: str


@dataclass(frozen=True)
class CheckPage:
    page: Page
    rows: list[CheckRow]
    change_url: str
    attachments: list[Attachment] = field(default_factory=list)


def check_rows(consultation: Consultation, form: FormDefinition) -> list[CheckPage]:
    stored = engine.answers(consultation)
    pages = []
    for page in form.pages:
        rows = []
        for question in page.questions:
            answer = stored.get(question.id)
            value: Any = answer.value if answer else None
            rows.append(
                CheckRow(
                    question=question,
                    lines=answer_fields.display(question, value),
                    title=handler_for(question).title(question, value),
                    visibility=answer.visibility if answer else None,
                    change_url=page_url(consultation.purpose, page.key, then="check")
                    + f"#q-{question.id.replace('.', '-')}",
                )
            )
        items = engine.current_attachments(consultation) if page.attachments else []
        pages.append(CheckPage(page, rows, page_url(consultation.purpose, page.key), items))
    return pages
