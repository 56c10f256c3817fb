"""The consultation engine: start or resume, save a page, send, and what may still change.

One engine serves every form, for every respondent and purpose: it reads the definition a
consultation was started with and never needs to know which form that is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import audit, language_detection, reviews
from portal.consultation import forms, notices, purposes
from portal.consultation.answers import ParsedAnswer
from portal.consultation.kinds import handler_for
from portal.consultation.schema import FormDefinition, Page, Question
from portal.extensions import db
from portal.models import (
    Answer,
    Attachment,
    Consultation,
    Helper,
    Invitation,
    Purpose,
    Review,
    SaveReceipt,
    Submission,
    Visibility,
)
from portal.models.base import utcnow


class ConsultationClosed(Exception):
    """The form's window has passed (the review was held, or feedback has closed)."""


class NoForm(LookupError):
    """No form fits this invitation and purpose: the route does not exist for them."""


def definition(consultation: Consultation) -> FormDefinition:
    found = forms.get(consultation.form_key, consultation.form_version)
    if found is None:  # a definition was removed while answers still use it: a deploy error
        raise LookupError(f"form {consultation.form_key} v{consultation.form_version} missing")
    return found


def find(invitation: Invitation, purpose: Purpose = Purpose.VIEWS) -> Consultation | None:
    return db.session.execute(
        select(Consultation).where(
            Consultation.invitation_id == invitation.id, Consultation.purpose == purpose
        )
    ).scalar_one_or_none()


def start(invitation: Invitation, purpose: Purpose = Purpose.VIEWS) -> Consultation:
    """The invitation's consultation for this purpose, created with the form that fits them if
    new. NoForm if no form fits (a 404 for the route)."""
    existing = find(invitation, purpose)
    if existing is not None:
        return existing
    form = forms.form_for(invitation, purpose, reviews.local_today())
    if form is None:
        raise NoForm(purpose)
    consultation = Consultation(
        invitation=invitation, purpose=purpose, form_key=form.key, form_version=form.version
    )
    db.session.add(consultation)
    try:
        db.session.commit()
    except IntegrityError:  # two first requests at once: the other one made it
        db.session.rollback()
        return find(invitation, purpose)  # type: ignore[return-value]
    return consultation


def other_versions(consultation: Consultation) -> list[FormDefinition]:
    """The forms this participant may switch to for the same purpose (a young person's forms
    for other ages), with the current one among them; empty when there is no choice."""
    choices = forms.forms_for(consultation.invitation.role, consultation.purpose)
    return choices if len(choices) > 1 else []


def switch_form(consultation: Consultation, form_key: str) -> FormDefinition:
    """Use another version of the form. Answers stay: those to questions both versions ask
    (the meeting questions, the faces) carry over; the rest wait in case they switch back."""
    form = next((f for f in other_versions(consultation) if f.key == form_key), None)
    if form is None:
        raise NoForm(form_key)
    consultation.form_key, consultation.form_version = form.key, form.version
    consultation.current_page = form.pages[0].key
    db.session.commit()
    return form


def answers(consultation: Consultation) -> dict[str, Answer]:
    return {answer.question_id: answer for answer in consultation.answers}


def lock_time_of(review: Review) -> datetime:
    """When the review's pack is locked for the meeting: when the IRO locked it, or a set number
    of days before the meeting (PACK_LOCK_DAYS_BEFORE_REVIEW), whichever comes first."""
    days = current_app.config["PACK_LOCK_DAYS_BEFORE_REVIEW"]
    automatic = review.scheduled_at - timedelta(days=days)
    if review.pack_locked_at is not None:
        return min(review.pack_locked_at, automatic)
    return automatic


def lock_time(consultation: Consultation) -> datetime:
    return lock_time_of(consultation.invitation.review)


def is_locked(consultation: Consultation, now: datetime | None = None) -> bool:
    """After the lock, what they send still reaches the IRO, as an addendum flagged as late."""
    return (now or utcnow()) >= lock_time(consultation)


def window(consultation: Consultation) -> purposes.Window:
    return purposes.window(
        consultation.purpose, consultation.invitation.review, reviews.local_today()
    )


def can_change(consultation: Consultation) -> bool:
    """Views can change until the review has been held (or cancelled): late is better than
    never, and after the pack is locked a change is sent as an addendum. Feedback can change
    while feedback is open."""
    return window(consultation) is purposes.Window.OPEN


def closes_on(consultation: Consultation) -> Any:
    return purposes.closes_on(consultation.purpose, consultation.invitation.review)


def visit(consultation: Consultation, page: Page) -> None:
    if consultation.current_page != page.key:
        consultation.current_page = page.key
        db.session.commit()


def save_page(
    consultation: Consultation,
    page: Page,
    parsed: dict[str, ParsedAnswer],
    idempotency_key: str,
    page_language: str,
) -> bool:
    """Store the page's answers, all or none. False if this key was already applied (a retry),
    in which case nothing is written again. Free text is labelled with the language it is
    written in, which may not be the language of the page."""
    if not can_change(consultation):
        raise ConsultationClosed
    db.session.add(SaveReceipt(consultation_id=consultation.id, idempotency_key=idempotency_key))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    current = answers(consultation)
    for question in page.questions:
        if question.id in parsed:
            _apply(
                consultation, current.get(question.id), question, parsed[question.id], page_language
            )
            if question.takes_attachments:
                _follow_house(consultation, question, parsed[question.id])
    consultation.current_page = page.key
    db.session.commit()
    return True


def _apply(
    consultation: Consultation,
    existing: Answer | None,
    question: Question,
    parsed: ParsedAnswer,
    page_language: str,
) -> None:
    if parsed.value is None:
        if existing is not None:
            db.session.delete(existing)
        return
    if existing is None:
        existing = Answer(consultation=consultation, question_id=question.id)
        db.session.add(existing)
    if existing.value != parsed.value:
        existing.language = written_language(question, parsed.value, page_language)
    existing.value = parsed.value
    existing.visibility = parsed.visibility


def _follow_house(consultation: Consultation, question: Question, parsed: ParsedAnswer) -> None:
    """A house's drawings, recordings and pictures are seen by whoever may see the house."""
    for attachment in current_attachments(consultation):
        if attachment.question_id == question.id:
            attachment.visibility = parsed.visibility


def house_visibility(consultation: Consultation, question_id: str) -> Visibility:
    """Who may see what goes into a house: as chosen for its words, else for its other
    things, else only the IRO."""
    answer = answers(consultation).get(question_id)
    if answer is not None:
        return answer.visibility
    items = [a for a in current_attachments(consultation) if a.question_id == question_id]
    return items[0].visibility if items else Visibility.IRO_ONLY


def written_language(question: Question, value: Any, page_language: str) -> str | None:
    """The language of the participant's own words; None for choices (and names), which are
    shown in the reader's language whatever they were given in."""
    words = handler_for(question).written_words(question, value)
    return language_detection.detect(words, hint=page_language) if words else None


def current_attachments(consultation: Consultation) -> list[Attachment]:
    return [attachment for attachment in consultation.attachments if attachment.removed_at is None]


def attachment_snapshot(consultation: Consultation) -> list[dict[str, Any]]:
    """The pictures and voice messages as they stand, for a submission (files stay put)."""
    return [
        {
            "id": attachment.id,
            "kind": attachment.kind.value,
            "caption": attachment.caption,
            "caption_language": attachment.caption_language,
            "visibility": attachment.visibility.value,
            **({"question_id": attachment.question_id} if attachment.question_id else {}),
        }
        for attachment in current_attachments(consultation)
    ]


def snapshot(consultation: Consultation) -> dict[str, dict[str, Any]]:
    """The answers as they stand, for a submission: only questions of the current form."""
    form = definition(consultation)
    return {
        answer.question_id: {
            "value": answer.value,
            "visibility": answer.visibility.value,
            "language": answer.language,
        }
        for answer in consultation.answers
        if form.question(answer.question_id) is not None
    }


@dataclass(frozen=True)
class Sent:
    submission: Submission
    new: bool  # False when this was a repeat of a send already made (double click, retry)


def submit(
    consultation: Consultation,
    *,
    helper: Helper | None,
    idempotency_key: str,
    language: str,
    anonymous: bool = False,
) -> Sent:
    """Send the answers as a new version. The IRO is told through the outbox, in the same
    transaction, with whatever the answers raise (a complaint, a compliment). Sending twice with
    the same key makes one submission. Feedback may be sent without a name (`anonymous`)."""
    repeat = _submission_with_key(consultation, idempotency_key)
    if repeat is not None:
        return Sent(repeat, new=False)
    if not can_change(consultation):
        raise ConsultationClosed
    invitation = consultation.invitation
    number = len(consultation.submissions) + 1
    submission = Submission(
        consultation=consultation,
        number=number,
        idempotency_key=idempotency_key,
        form_key=consultation.form_key,
        form_version=consultation.form_version,
        answers=snapshot(consultation),
        attachments=attachment_snapshot(consultation),
        helper=helper,
        anonymous=anonymous and consultation.purpose is Purpose.FEEDBACK,
        language=language,
    )
    consultation.helper = helper
    now = utcnow()
    if invitation.submitted_at is None and consultation.purpose is Purpose.VIEWS:
        invitation.submitted_at = now
    db.session.add(submission)
    audit.record_for_invitation(
        "consultation.submit",
        invitation,
        by_participant=True,
        version=number,
        purpose=consultation.purpose.value,
    )
    notices.send(consultation, submission, definition(consultation))
    try:
        db.session.commit()
    except IntegrityError:
        # Another request sent at the same moment: with this key (a double click), or with
        # another, taking this version number. Either way, look again.
        db.session.rollback()
        repeat = _submission_with_key(consultation, idempotency_key)
        if repeat is not None:
            return Sent(repeat, new=False)
        return submit(
            consultation,
            helper=helper,
            idempotency_key=idempotency_key,
            language=language,
            anonymous=anonymous,
        )
    return Sent(submission, new=True)


def _submission_with_key(consultation: Consultation, key: str) -> Submission | None:
    return db.session.execute(
        select(Submission).where(
            Submission.consultation_id == consultation.id, Submission.idempotency_key == key
        )
    ).scalar_one_or_none()


def has_unsent_changes(consultation: Consultation) -> bool:
    latest = consultation.latest_submission
    if latest is None:
        return bool(consultation.answers) or bool(current_attachments(consultation))
    return (
        latest.answers != snapshot(consultation)
        or latest.attachments != attachment_snapshot(consultation)
        or latest.form_key != consultation.form_key
    )


def unsent_after_sending(invitation: Invitation) -> Consultation | None:
    """A form this participant sent and has changed since, while it can still be sent again:
    every page says so, so a change is never mistaken for something the IRO has seen."""
    consultations = db.session.execute(
        select(Consultation).where(Consultation.invitation_id == invitation.id)
    ).scalars()
    return next(
        (
            consultation
            for consultation in consultations
            if consultation.submissions
            and can_change(consultation)
            and has_unsent_changes(consultation)
        ),
        None,
    )


def page_after(form: FormDefinition, page: Page) -> Page | None:
    index = form.page_index(page.key)
    return form.pages[index + 1] if index + 1 < len(form.pages) else None


def page_before(form: FormDefinition, page: Page) -> Page | None:
    index = form.page_index(page.key)
    return form.pages[index - 1] if index > 0 else None
