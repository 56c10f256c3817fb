"""One assembler builds both packs, as plain data: a header, one section per participant who
sent their views, the addenda sent after the lock, the alerts and who was invited.

The *meeting pack* holds only what participants said may be shared at the meeting; the *IRO
pack* holds everything, with what is only for the IRO kept apart. Every respondent's section is
made by the same provider from their form's definition, so a parent's, a carer's or a new
form's answers need nothing here. Sections hold dataclasses, never ORM objects: a template can
only show what the assembler put in.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import i18n, language_detection, reviews, storage
from portal.caseload import Alert, alerts_of, invitation_state, request_label
from portal.consultation import engine, forms
from portal.consultation.kinds import handler_for
from portal.consultation.schema import FormDefinition, Question
from portal.extensions import db
from portal.models import (
    Attachment,
    Consultation,
    Invitation,
    ParticipantRole,
    Purpose,
    Review,
    Submission,
    Visibility,
)
from portal.models.base import utcnow

# Scripts the PDF fonts cover; text in any other is shown with a fallback and flagged.
PDF_SCRIPTS = {"latin", "cyrillic", "arabic", "ethiopic"}
# Where an answer goes when its theme is one the registry does not know: never dropped.
OTHER = "other"
OTHER_TITLE = "Other"
ROLE_TITLES = {
    ParticipantRole.CHILD: "The child's views",
    ParticipantRole.PARENT: "A parent's views",
    ParticipantRole.CARER: "A carer's views",
    ParticipantRole.OTHER: "Views of someone else invited",
}


class PackAudience(enum.StrEnum):
    MEETING = "meeting"
    IRO = "iro"


@dataclass(frozen=True)
class PackHeader:
    review_id: int
    kind: str
    number: int
    scheduled_at: datetime
    due_date: date
    venue: str
    format: str
    status: str
    participation_code: str | None
    child_name: str
    child_age: int
    case_reference: str
    iro_name: str | None


@dataclass(frozen=True)
class Participant:
    label: str
    role: str

    @property
    def is_child(self) -> bool:
        return self.role == ParticipantRole.CHILD.value


@dataclass(frozen=True)
class PackAnswer:
    question_id: str
    question: str  # in English, whatever language the form was shown in
    theme: str  # a theme of the registry, or "other"
    lines: list[str]  # choices in English; their own words exactly as written
    own_words: bool
    language: str | None  # the language their own words are written in
    visibility: Visibility
    changed: bool = False  # different from the first version they sent
    first_lines: list[str] | None = None
    uncovered_script: bool = False  # the PDF may not show it: read it in the portal

    @property
    def language_label(self) -> str | None:
        if not self.language:
            return None
        language = i18n.language(self.language)
        if language is i18n.DEFAULT:
            return "English"
        return f"{language.english_name} ({language.endonym})"


@dataclass(frozen=True)
class PackAttachment:
    id: int
    kind: str
    caption: str | None
    caption_language: str | None
    visibility: Visibility
    width: int | None
    height: int | None
    duration_seconds: float | None
    missing: bool
    content_type: str
    storage_key: str  # to embed the file in the PDF; never shown


@dataclass(frozen=True)
class AnswerGroup:
    theme: str
    title: str
    answers: list[PackAnswer]


@dataclass
class Section:
    """What one participant sent: their answers and attachments, by who may see them."""

    participant: Participant
    title: str
    form_title: str
    version: int
    sent_at: datetime
    helper: str | None
    channel: str
    answers: list[PackAnswer] = field(default_factory=list)
    attachments: list[PackAttachment] = field(default_factory=list)
    late: bool = False  # sent after the pack was locked: an addendum

    def shared_answers(self, theme: str | None = None) -> list[PackAnswer]:
        return [
            a
            for a in self.answers
            if a.visibility is Visibility.MEETING and (theme is None or a.theme == theme)
        ]

    def private_answers(self) -> list[PackAnswer]:
        return [a for a in self.answers if a.visibility is Visibility.IRO_ONLY]

    def shared_attachments(self) -> list[PackAttachment]:
        return [a for a in self.attachments if a.visibility is Visibility.MEETING]

    def private_attachments(self) -> list[PackAttachment]:
        return [a for a in self.attachments if a.visibility is Visibility.IRO_ONLY]

    def shared_groups(self) -> list[AnswerGroup]:
        """The shared answers by theme, in the registry's order, with "Other" last."""
        order = [*forms.THEMES, OTHER]
        present = {a.theme for a in self.shared_answers()}
        return [
            AnswerGroup(key, theme_title(key), self.shared_answers(key))
            for key in order
            if key in present
        ]


def theme_title(key: str) -> str:
    theme = forms.THEMES.get(key)
    return theme.pack_title if theme else OTHER_TITLE


@dataclass(frozen=True)
class InvitationLine:
    label: str
    role: str
    state: str
    first_opened_at: datetime | None
    submitted_at: datetime | None


@dataclass(frozen=True)
class PackRequest:
    """A request for help raised through this review: structured words, and the few words the
    person wrote to go with it (the IRO pack only)."""

    kind: str
    label: str
    raised_at: datetime
    about: str


@dataclass
class Pack:
    audience: PackAudience
    header: PackHeader
    locked_at: datetime
    generated_at: datetime
    sections: list[Section]
    addenda: list[Section]
    alerts: list[Alert]
    requests: list[PackRequest]
    invitations: list[InvitationLine]

    @property
    def for_iro(self) -> bool:
        return self.audience is PackAudience.IRO

    @property
    def child_name(self) -> str:
        return self.header.child_name

    @property
    def is_empty(self) -> bool:
        return not self.sections and not self.addenda

    @property
    def uncovered_scripts(self) -> bool:
        return any(a.uncovered_script for s in self.sections + self.addenda for a in s.answers)

    @property
    def attachments(self) -> list[PackAttachment]:
        return [item for s in self.sections + self.addenda for item in s.attachments]


def load_review(review_id: int) -> Review:
    """The review with everything a pack reads, in a fixed number of queries."""
    return db.session.execute(
        select(Review)
        .where(Review.id == review_id)
        .options(
            selectinload(Review.invitations)
            .selectinload(Invitation.consultations)
            .selectinload(Consultation.submissions),
            selectinload(Review.invitations)
            .selectinload(Invitation.consultations)
            .selectinload(Consultation.attachments),
            selectinload(Review.support_requests),
        )
    ).scalar_one()


def assemble(review: Review, audience: PackAudience) -> Pack:
    review = load_review(review.id)
    lock = engine.lock_time_of(review)
    with force_locale("en"):
        sections, addenda = respondent_sections(review, audience, lock)
    return Pack(
        audience=audience,
        header=header_of(review),
        locked_at=lock,
        generated_at=utcnow(),
        sections=sections,
        addenda=addenda,
        # Who said a child may not be safe, and who asked for help, is for the IRO, never for
        # the meeting: nobody chose to share a request there.
        alerts=alerts_of(review) if audience is PackAudience.IRO else [],
        requests=requests_of(review) if audience is PackAudience.IRO else [],
        invitations=[_invitation_line(i) for i in review.invitations],
    )


def requests_of(review: Review) -> list[PackRequest]:
    return [
        PackRequest(r.kind.value, request_label(r), r.created_at, r.about)
        for r in review.support_requests
        if not r.is_alert
    ]


def header_of(review: Review) -> PackHeader:
    child = review.child
    return PackHeader(
        review_id=review.id,
        kind=review.kind.value,
        number=reviews.review_number(review),
        scheduled_at=review.scheduled_at,
        due_date=review.due_date,
        venue=review.venue,
        format=review.format.value,
        status=review.status.value,
        participation_code=review.participation_code.value if review.participation_code else None,
        child_name=child.name,
        child_age=child.age_on(review.scheduled_at.astimezone(reviews.local_zone()).date()),
        case_reference=child.case_reference,
        iro_name=child.iro.name if child.iro else None,
    )


def respondent_sections(
    review: Review, audience: PackAudience, lock: datetime
) -> tuple[list[Section], list[Section]]:
    """A section per participant who sent their views, and one per addendum sent after the
    lock. Only views go into a pack: feedback never does."""
    sections, addenda = [], []
    for invitation in review.invitations:
        consultation = invitation.consultation_for(Purpose.VIEWS)
        if consultation is None or not consultation.submissions:
            continue
        # Privacy by construction: every version is cut down to what this pack's audience may
        # see *before* anything is compared or shown, so nothing private in any version (an
        # answer, a caption, a picture, or its history) can reach the meeting.
        versions = [visible_part(s, audience) for s in consultation.submissions]
        main, late = _split_by_lock(versions, lock)
        if main is not None:
            sections.append(_section(invitation, consultation, main, versions))
        if late is not None:
            addenda.append(_section(invitation, consultation, late, versions, main, late=True))
    return sections, addenda


@dataclass(frozen=True)
class SentVersion:
    """One version a participant sent, holding only what the pack's audience may see."""

    number: int
    submitted_at: datetime
    form_key: str
    form_version: int
    helper: str | None
    channel: str
    answers: dict[str, dict[str, Any]]
    attachments: list[dict[str, Any]]


def visible_part(submission: Submission, audience: PackAudience) -> SentVersion:
    """The submission as `audience` may see it: everything for the IRO; for the meeting, only
    the answers and attachments the participant shared in this very version."""

    def visible(entry: dict[str, Any]) -> bool:
        return audience is PackAudience.IRO or entry["visibility"] == Visibility.MEETING.value

    return SentVersion(
        number=submission.number,
        submitted_at=submission.submitted_at,
        form_key=submission.form_key,
        form_version=submission.form_version,
        helper=submission.helper.value if submission.helper else None,
        channel=submission.channel,
        answers={key: entry for key, entry in submission.answers.items() if visible(entry)},
        attachments=[item for item in submission.attachments if visible(item)],
    )


def _split_by_lock(
    versions: list[SentVersion], lock: datetime
) -> tuple[SentVersion | None, SentVersion | None]:
    """The latest version sent before the lock, and the latest sent after it (an addendum)."""
    before = [v for v in versions if v.submitted_at <= lock]
    after = [v for v in versions if v.submitted_at > lock]
    return (before[-1] if before else None), (after[-1] if after else None)


def meeting_attachment_ids(consultation: Consultation) -> set[int]:
    """The pictures and recordings of a consultation that its meeting pack shows."""
    lock = engine.lock_time_of(consultation.invitation.review)
    versions = [visible_part(s, PackAudience.MEETING) for s in consultation.submissions]
    return {
        item["id"]
        for version in _split_by_lock(versions, lock)
        if version is not None
        for item in version.attachments
    }


def _definition(version: SentVersion) -> FormDefinition:
    form = forms.get(version.form_key, version.form_version)
    if form is None:
        raise LookupError(f"form {version.form_key} v{version.form_version} missing")
    return form


def _earlier_entry(
    versions: list[SentVersion], shown: SentVersion, question_id: str
) -> dict[str, Any] | None:
    """The answer as first seen by this audience in a version before `shown`: "what changed"
    compares only versions in which the audience could see the answer."""
    for version in versions:
        if version.number >= shown.number:
            return None
        if question_id in version.answers:
            return version.answers[question_id]
    return None


def _section(
    invitation: Invitation,
    consultation: Consultation,
    shown: SentVersion,
    versions: list[SentVersion],
    before_lock: SentVersion | None = None,
    late: bool = False,
) -> Section:
    """One participant's section. An addendum (`late`) is compared with `before_lock`, the
    version the locked pack showed, and holds only what is new or changed since."""
    form = _definition(shown)
    is_child = invitation.role is ParticipantRole.CHILD
    section = Section(
        participant=Participant(invitation.label, invitation.role.value),
        title=ROLE_TITLES[invitation.role] + ("" if is_child else f": {invitation.label}"),
        form_title=str(form.title),
        version=shown.number,
        sent_at=shown.submitted_at,
        helper=shown.helper,
        channel=shown.channel,
        late=late,
    )
    for page in form.pages:
        theme = page.theme if page.theme in forms.THEMES else OTHER
        for question in page.questions:
            entry = shown.answers.get(question.id)
            if entry is None:
                continue
            if late:
                previous = before_lock.answers.get(question.id) if before_lock else None
                if previous is not None and previous.get("value") == entry["value"]:
                    continue  # an addendum shows only what is new or changed after the lock
            else:
                previous = _earlier_entry(versions, shown, question.id)
            section.answers.append(_answer(question, theme, entry, previous))
    already = {item["id"] for item in before_lock.attachments} if late and before_lock else set()
    section.attachments = _attachments(consultation, shown, already)
    return section


def _answer(
    question: Question, theme: str, entry: dict[str, Any], previous: dict[str, Any] | None
) -> PackAnswer:
    handler = handler_for(question)
    value = entry["value"]
    lines = handler.pack_lines(question, value)
    changed = previous is not None and previous.get("value") != value
    return PackAnswer(
        question_id=question.id,
        question=str(question.label),
        theme=theme,
        lines=lines,
        own_words=handler.own_words,
        language=entry.get("language") if handler.own_words else None,
        visibility=Visibility(entry["visibility"]),
        changed=changed,
        first_lines=handler.display(question, previous["value"]) if changed and previous else None,
        uncovered_script=handler.own_words and _uncovered(" ".join(lines)),
    )


def _uncovered(text: str) -> bool:
    return any(
        character.isalpha() and language_detection.script_of(character) not in PDF_SCRIPTS
        for character in text
    )


def _attachments(
    consultation: Consultation, version: SentVersion, already: set[int]
) -> list[PackAttachment]:
    rows = {a.id: a for a in consultation.attachments}
    items = []
    for item in version.attachments:
        row = rows.get(item["id"])
        if row is None or item["id"] in already:
            continue
        items.append(
            PackAttachment(
                id=row.id,
                kind=row.kind.value,
                caption=item.get("caption"),
                caption_language=item.get("caption_language"),
                visibility=Visibility(item["visibility"]),
                width=row.width,
                height=row.height,
                duration_seconds=row.duration_seconds,
                missing=not _file_exists(row),
                content_type=row.content_type,
                storage_key=row.storage_key,
            )
        )
    return items


def _file_exists(attachment: Attachment) -> bool:
    return storage.storage().exists(attachment.storage_key)


def _invitation_line(invitation: Invitation) -> InvitationLine:
    return InvitationLine(
        label=invitation.label,
        role=invitation.role.value,
        state=invitation_state(invitation, utcnow()),
        first_opened_at=invitation.first_opened_at,
        submitted_at=invitation.submitted_at,
    )
