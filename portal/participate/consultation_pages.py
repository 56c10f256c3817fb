"""What the consultation templates show, worked out from a form definition and the answers:
the page being filled in, and the "check your answers" summary."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.attachments import MAX_ATTACHMENTS
from portal.consultation import answers as answer_fields
from portal.consultation import engine
from portal.consultation.kinds import handler_for
from portal.consultation.kinds.people import MAX_PEOPLE
from portal.consultation.schema import FormDefinition, Page, Question
from portal.consultation.wording import Wording
from portal.models import Attachment, AttachmentKind, Consultation, Purpose, Visibility

# Two empty boxes to start with; "Add another person" gives more (pages stay short).
MIN_PEOPLE_FIELDS = 2


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

    @property
    def page_visibility(self) -> str:
        """The page's one choice of who may see: as posted, else as its answers stand."""
        posted = self.values.get(answer_fields.PAGE_VISIBILITY)
        if posted:
            return posted
        stored = [
            Visibility(raw)
            for question in self.page.questions
            if (raw := self.values.get(f"{question.id}.visibility", "")) in set(Visibility)
        ]
        return answer_fields.page_visibility(stored).value

    def override(self, question: Question) -> str:
        """An answer's own choice where it differs from the page's; "" where it follows it."""
        own = self.values.get(f"{question.id}.visibility", "")
        return "" if own == self.page_visibility else own

    @property
    def has_overrides(self) -> bool:
        return any(self.override(question) for question in self.page.questions)

    @property
    def asks_visibility(self) -> bool:
        return self.wording.asks_visibility and bool(self.page.questions)

    def people_fields(self, question: Question) -> list[str]:
        names = self.values.getlist(f"{question.id}.person")
        count = max(MIN_PEOPLE_FIELDS, len(names) + (1 if self.more_people == question.id else 0))
        count = min(count, MAX_PEOPLE)
        return names + [""] * (count - len(names))

    def house_items(self, question: Question) -> list[Attachment]:
        return [
            item
            for item in engine.current_attachments(self.consultation)
            if item.question_id == question.id
        ]

    @property
    def can_change(self) -> bool:
        return engine.can_change(self.consultation)

    @property
    def can_add(self) -> bool:
        return len(engine.current_attachments(self.consultation)) < MAX_ATTACHMENTS

    @property
    def house_questions(self) -> list[Question]:
        return [question for question in self.page.questions if question.takes_attachments]

    @property
    def upload_key(self) -> str:
        return secrets.token_urlsafe(24)

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
    values: dict[str, Any] = {"purpose": purpose.value, "page_key": page_key, **arguments}
    return url_for("participate.consultation_page", **values)


@dataclass(frozen=True)
class CheckRow:
    question: Question
    lines: list[str]
    title: str  # shown before the question's label (a house's name)
    visibility: Visibility | None
    change_url: str
    items: list[Attachment] = field(default_factory=list)  # what went into a house


@dataclass(frozen=True)
class CheckPage:
    page: Page
    rows: list[CheckRow]
    change_url: str
    attachments: list[Attachment] = field(default_factory=list)


def check_rows(consultation: Consultation, form: FormDefinition) -> list[CheckPage]:
    stored = engine.answers(consultation)
    current = engine.current_attachments(consultation)
    pages = []
    for page in form.pages:
        rows = []
        for question in page.questions:
            answer = stored.get(question.id)
            value: Any = answer.value if answer else None
            house_items = [item for item in current if item.question_id == question.id]
            visibility = answer.visibility if answer else None
            if visibility is None and house_items:
                visibility = house_items[0].visibility
            rows.append(
                CheckRow(
                    question=question,
                    lines=answer_fields.display(question, value),
                    title=handler_for(question).title(question, value),
                    visibility=visibility,
                    change_url=page_url(consultation.purpose, page.key, then="check")
                    + f"#q-{question.id.replace('.', '-')}",
                    items=house_items,
                )
            )
        items = [item for item in current if not item.question_id] if page.attachments else []
        pages.append(CheckPage(page, rows, page_url(consultation.purpose, page.key), items))
    return pages


@dataclass(frozen=True)
class ShownAnswer:
    """One answer (or picture, drawing or recording) as the participant sees it back."""

    heading: str  # the page's title, or the question itself
    title: str  # shown before the answer (a house's name)
    lines: list[str]
    items: list[Attachment]
    visibility: Visibility
    change_url: str
    unsent: bool  # changed since the last version they sent


@dataclass(frozen=True)
class ByAudience:
    """Everything answered, grouped by who will see it; and what was left unanswered."""

    private: list[ShownAnswer]
    shared: list[ShownAnswer]
    unanswered: list[ShownAnswer]
    sent: bool  # whether any version has been sent (else nothing is marked as unsent)

    @property
    def any_unsent(self) -> bool:
        return any(shown.unsent for shown in self.private + self.shared)


def attachment_name(item: Attachment) -> str:
    return {
        AttachmentKind.VOICE: _("Voice message"),
        AttachmentKind.DRAWING: _("My drawing"),
        AttachmentKind.PHOTO: _("My picture"),
    }[item.kind]


def by_audience(consultation: Consultation, form: FormDefinition) -> ByAudience:
    latest = consultation.latest_submission
    sent_answers = latest.answers if latest else {}
    sent_items = {item["id"]: item for item in latest.attachments} if latest else {}
    now = engine.snapshot(consultation)
    now_items = {item["id"]: item for item in engine.attachment_snapshot(consultation)}
    shown: list[ShownAnswer] = []
    unanswered: list[ShownAnswer] = []
    for group in check_rows(consultation, form):
        for row in group.rows:
            qid = row.question.id
            entry = ShownAnswer(
                heading=str(row.question.label),
                title=row.title,
                lines=row.lines,
                items=row.items,
                visibility=row.visibility or Visibility.IRO_ONLY,
                change_url=row.change_url,
                unsent=latest is not None
                and (
                    now.get(qid) != sent_answers.get(qid)
                    or any(now_items[i.id] != sent_items.get(i.id) for i in row.items)
                ),
            )
            (shown if row.lines or row.items else unanswered).append(entry)
        for item in group.attachments:
            shown.append(
                ShownAnswer(
                    heading=attachment_name(item),
                    title="",
                    lines=[item.caption] if item.caption else [],
                    items=[item],
                    visibility=item.visibility,
                    change_url=group.change_url,
                    unsent=latest is not None and now_items[item.id] != sent_items.get(item.id),
                )
            )
    return ByAudience(
        private=[s for s in shown if s.visibility is Visibility.IRO_ONLY],
        shared=[s for s in shown if s.visibility is Visibility.MEETING],
        unanswered=unanswered,
        sent=latest is not None,
    )
