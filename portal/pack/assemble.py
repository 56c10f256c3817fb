"""One assembler builds both packs from the same source.

The *meeting pack* holds only what participants said may be shared at the meeting; the *IRO
pack* holds everything, with what is only for the IRO kept in a section of its own, marked
"Do not share in the meeting". Every participant's submissions feed it the same way: a section
per participant, built from their form's definition, so a parent's or carer's form (or a
feedback form) becomes one more section without changing this module.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import i18n, language_detection, reviews, storage
from portal.caseload import invitation_state
from portal.consultation import answers as answer_fields
from portal.consultation import engine, forms
from portal.consultation.schema import FormDefinition, Kind, Question
from portal.extensions import db
from portal.models import (
    Attachment,
    Consultation,
    Invitation,
    ParticipantRole,
    Review,
    Submission,
    Visibility,
)
from portal.models.base import utcnow

# Scripts the PDF fonts cover; text in any other is shown with a fallback and flagged.
PDF_SCRIPTS = {"latin", "cyrillic", "arabic", "ethiopic"}
THEMES = {
    "meeting": "How they want the meeting held",
    "home": "Home, or where they live",
    "education": "School, college or work",
    "health": "Health",
    "feelings": "Feelings",
    "friends": "Friends and hobbies",
    "family": "Family time and who they want to see",
    "workers": "Social worker and IRO",
    "independence": "Getting ready for adult life",
    "going_well": "What is going well",
    "worries": "Worries",
    "next": "What they want to happen next",
    "pictures": "Pictures, drawings and voice messages",
}
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
class PackAnswer:
    question_id: str
    question: str  # in English, whatever language the form was shown in
    theme: str
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


@dataclass
class Contribution:
    """What one participant sent: their answers and attachments, by who may see them."""

    invitation: Invitation
    title: str
    form_title: str
    version: int
    sent_at: datetime
    helper: str | None
    answers: list[PackAnswer] = field(default_factory=list)
    attachments: list[PackAttachment] = field(default_factory=list)
    urgent_at: datetime | None = None
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

    @property
    def themes(self) -> list[tuple[str, str]]:
        present = {a.theme for a in self.answers}
        return [
            (key, title) for key, title in THEMES.items() if key in present and key != "meeting"
        ]


@dataclass(frozen=True)
class InvitationLine:
    label: str
    role: str
    state: str
    first_opened_at: datetime | None
    submitted_at: datetime | None


@dataclass
class Pack:
    review: Review
    audience: PackAudience
    child_name: str
    child_age: int
    review_number: int
    iro_name: str | None
    locked_at: datetime
    generated_at: datetime
    contributions: list[Contribution]
    addenda: list[Contribution]
    invitations: list[InvitationLine]

    @property
    def for_iro(self) -> bool:
        return self.audience is PackAudience.IRO

    @property
    def urgent(self) -> list[Contribution]:
        return [c for c in self.contributions + self.addenda if c.urgent_at]

    @property
    def child(self) -> Contribution | None:
        return next(
            (c for c in self.contributions if c.invitation.role is ParticipantRole.CHILD), None
        )

    @property
    def is_empty(self) -> bool:
        return not self.contributions and not self.addenda

    @property
    def uncovered_scripts(self) -> bool:
        return any(a.uncovered_script for c in self.contributions + self.addenda for a in c.answers)


def load_review(review_id: int) -> Review:
    """The review with everything a pack reads, in a fixed number of queries."""
    return db.session.execute(
        select(Review)
        .where(Review.id == review_id)
        .options(
            selectinload(Review.invitations)
            .selectinload(Invitation.consultation)
            .selectinload(Consultation.submissions),
            selectinload(Review.invitations)
            .selectinload(Invitation.consultation)
            .selectinload(Consultation.attachments),
        )
    ).scalar_one()


def assemble(review: Review, audience: PackAudience) -> Pack:
    review = load_review(review.id)
    lock = engine.lock_time_of(review)
    contributions, addenda = [], []
    with force_locale("en"):
        for invitation in review.invitations:
            consultation = invitation.consultation
            if consultation is None or not consultation.submissions:
                if consultation is not None and consultation.urgent_at:
                    contributions.append(_urgent_only(invitation, consultation))
                continue
            # Privacy by construction: every version is cut down to what this pack's audience
            # may see *before* anything is compared or shown, so nothing private in any
            # version (an answer, a caption, a picture, or its history) can reach the meeting.
            versions = [visible_part(s, audience) for s in consultation.submissions]
            main, late = _split_by_lock(versions, lock)
            if main is not None:
                contributions.append(_contribution(invitation, consultation, main, versions))
            if late is not None:
                addenda.append(
                    _contribution(invitation, consultation, late, versions, main, late=True)
                )
    child = review.child
    return Pack(
        review=review,
        audience=audience,
        child_name=child.name,
        child_age=child.age_on(review.scheduled_at.astimezone(reviews.local_zone()).date()),
        review_number=reviews.review_number(review),
        iro_name=child.iro.name if child.iro else None,
        locked_at=lock,
        generated_at=utcnow(),
        contributions=[
            _for_audience(c, audience)
            for c in contributions
            if audience is PackAudience.IRO or c.version > 0
        ],
        addenda=[_for_audience(c, audience) for c in addenda],
        invitations=[_invitation_line(i) for i in review.invitations],
    )


@dataclass(frozen=True)
class SentVersion:
    """One version a participant sent, holding only what the pack's audience may see."""

    number: int
    submitted_at: datetime
    form_key: str
    form_version: int
    helper: str | None
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


def _for_audience(contribution: Contribution, audience: PackAudience) -> Contribution:
    """The IRO pack keeps everything; the meeting pack only what may be shared. The versions
    were already cut down (`visible_part`); this also drops the urgent flag."""
    if audience is PackAudience.IRO:
        return contribution
    contribution.urgent_at = None
    contribution.answers = contribution.shared_answers()
    contribution.attachments = contribution.shared_attachments()
    return contribution


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


def _contribution(
    invitation: Invitation,
    consultation: Consultation,
    shown: SentVersion,
    versions: list[SentVersion],
    before_lock: SentVersion | None = None,
    late: bool = False,
) -> Contribution:
    """One participant's section. An addendum (`late`) is compared with `before_lock`, the
    version the locked pack showed, and holds only what is new or changed since."""
    form = _definition(shown)
    contribution = Contribution(
        invitation=invitation,
        title=ROLE_TITLES[invitation.role]
        + (f": {invitation.label}" if invitation.role is not ParticipantRole.CHILD else ""),
        form_title=str(form.title),
        version=shown.number,
        sent_at=shown.submitted_at,
        helper=shown.helper,
        urgent_at=consultation.urgent_at,
        late=late,
    )
    for page in form.pages:
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
            contribution.answers.append(_answer(question, page.theme, entry, previous))
    already = {item["id"] for item in before_lock.attachments} if late and before_lock else set()
    contribution.attachments = _attachments(consultation, shown, already)
    return contribution


def _answer(
    question: Question, theme: str, entry: dict[str, Any], previous: dict[str, Any] | None
) -> PackAnswer:
    value = entry["value"]
    lines = answer_fields.display(question, value)
    if question.kind is Kind.HOUSE:
        lines = [f"{answer_fields.house_name(question, value)}: {lines[0]}" if lines else ""]
    own_words = question.kind in {Kind.TEXT, Kind.HOUSE, Kind.PEOPLE}
    changed = previous is not None and previous.get("value") != value
    return PackAnswer(
        question_id=question.id,
        question=str(question.label),
        theme=theme,
        lines=lines,
        own_words=own_words,
        language=entry.get("language") if own_words else None,
        visibility=Visibility(entry["visibility"]),
        changed=changed,
        first_lines=answer_fields.display(question, previous["value"])
        if changed and previous
        else None,
        uncovered_script=own_words and _uncovered(" ".join(lines)),
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
            )
        )
    return items


def _file_exists(attachment: Attachment) -> bool:
    return storage.storage().exists(attachment.storage_key)


def _urgent_only(invitation: Invitation, consultation: Consultation) -> Contribution:
    """Nothing sent, but they said they were not safe: the IRO must see it in the pack too."""
    return Contribution(
        invitation=invitation,
        title=ROLE_TITLES[invitation.role],
        form_title="",
        version=0,
        sent_at=consultation.urgent_at,  # type: ignore[arg-type]
        helper=None,
        urgent_at=consultation.urgent_at,
    )


def _invitation_line(invitation: Invitation) -> InvitationLine:
    return InvitationLine(
        label=invitation.label,
        role=invitation.role.value,
        state=invitation_state(invitation, utcnow()),
        first_opened_at=invitation.first_opened_at,
        submitted_at=invitation.submitted_at,
    )
