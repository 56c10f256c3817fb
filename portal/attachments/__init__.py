"""Adding, changing and removing a consultation's pictures, drawings and voice messages.

A file is processed (portal/attachments/images.py, voice.py), stored, and only then its row
committed; if anything fails after storing, the stored files are deleted again. Nothing is half
kept: either the attachment is there with its files, or neither is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import database, language_detection, storage
from portal.attachments import images, slots, voice
from portal.attachments.errors import RefusedUpload
from portal.consultation import engine
from portal.extensions import db
from portal.models import (
    Attachment,
    AttachmentKind,
    Consultation,
    SaveReceipt,
    Submission,
    Visibility,
)
from portal.models.base import utcnow

MAX_ATTACHMENTS = 10
MAX_CAPTION = 500

__all__ = ["MAX_ATTACHMENTS", "RefusedUpload", "add", "current", "remove", "update"]


def current(consultation: Consultation) -> list[Attachment]:
    return engine.current_attachments(consultation)


@dataclass(frozen=True)
class Upload:
    kind: AttachmentKind
    data: bytes
    caption: str
    visibility: Visibility
    question_id: str | None = None  # the house it goes into; None for the pictures page


def clean_caption(caption: str) -> str | None:
    text = caption.replace("\r\n", "\n").strip()
    if len(text) > MAX_CAPTION:
        raise RefusedUpload(
            _(
                "The words about your picture are too long. Use %(limit)s characters or fewer.",
                limit=MAX_CAPTION,
            )
        )
    return text or None


def add(
    consultation: Consultation, upload: Upload, idempotency_key: str, page_language: str
) -> Attachment | None:
    """Process, store and record one file. None when this key was already used (a retry).

    The limit is checked twice: cheaply before the slow processing, and again under a lock on
    the consultation just before the row is added, so uploads sent at the same moment can never
    take it past MAX_ATTACHMENTS."""
    if not engine.can_change(consultation):
        raise engine.ConsultationClosed
    if _already_applied(consultation, idempotency_key):
        return None
    _check_room(consultation)
    caption = clean_caption(upload.caption)
    with slots.decode_slot():
        files = _process_and_store(upload)
    attachment = Attachment(
        consultation_id=consultation.id,
        kind=upload.kind,
        caption=caption,
        caption_language=language_detection.detect(caption, hint=page_language)
        if caption
        else None,
        visibility=upload.visibility,
        question_id=upload.question_id,
        **files,
    )
    stored = [key for key in (attachment.storage_key, attachment.thumbnail_key) if key]
    try:
        database.lock_row(Consultation, consultation.id)
        _check_room(consultation)
        db.session.add(
            SaveReceipt(consultation_id=consultation.id, idempotency_key=idempotency_key)
        )
        db.session.add(attachment)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for key in stored:
            storage.storage().delete(key)
        if _already_applied(consultation, idempotency_key):
            return None  # the same upload, sent twice at once: the other one was kept
        raise
    return attachment


def _check_room(consultation: Consultation) -> None:
    kept = db.session.execute(
        select(func.count())
        .select_from(Attachment)
        .where(Attachment.consultation_id == consultation.id, Attachment.removed_at.is_(None))
    ).scalar_one()
    if kept >= MAX_ATTACHMENTS:
        raise RefusedUpload(
            _(
                "You can add up to %(count)s pictures and voice messages. Remove one to add another.",
                count=MAX_ATTACHMENTS,
            )
        )


def _already_applied(consultation: Consultation, key: str) -> bool:
    return (
        db.session.execute(
            select(func.count())
            .select_from(SaveReceipt)
            .where(
                SaveReceipt.consultation_id == consultation.id, SaveReceipt.idempotency_key == key
            )
        ).scalar_one()
        > 0
    )


def _process_and_store(upload: Upload) -> dict[str, Any]:
    store = storage.storage()
    if upload.kind is AttachmentKind.VOICE:
        sound = voice.process(upload.data)
        key = storage.new_key()
        store.save(key, sound.data)
        return {
            "storage_key": key,
            "content_type": sound.content_type,
            "size_bytes": len(sound.data),
            "sha256": sound.sha256,
            "duration_seconds": sound.duration_seconds,
        }
    picture = images.process(upload.data)
    key, thumbnail_key = storage.new_key(), storage.new_key()
    store.save(key, picture.picture.data)
    try:
        store.save(thumbnail_key, picture.thumbnail.data)
    except BaseException:
        store.delete(key)
        raise
    return {
        "storage_key": key,
        "thumbnail_key": thumbnail_key,
        "content_type": picture.picture.content_type,
        "size_bytes": len(picture.picture.data),
        "sha256": picture.picture.sha256,
        "width": picture.picture.width,
        "height": picture.picture.height,
    }


def update(
    attachment: Attachment, caption: str, visibility: Visibility, page_language: str
) -> None:
    if not engine.can_change(attachment.consultation):
        raise engine.ConsultationClosed
    text = clean_caption(caption)
    if text != attachment.caption:
        attachment.caption = text
        attachment.caption_language = (
            language_detection.detect(text, hint=page_language) if text else None
        )
    attachment.visibility = visibility
    db.session.commit()


def of_question(consultation: Consultation, question_id: str) -> list[Attachment]:
    return [item for item in current(consultation) if item.question_id == question_id]


def was_sent(attachment: Attachment) -> bool:
    submissions = db.session.execute(
        select(Submission.attachments).where(
            Submission.consultation_id == attachment.consultation_id
        )
    ).scalars()
    return any(item["id"] == attachment.id for sent in submissions for item in sent)


def remove(attachment: Attachment) -> None:
    """Out of the draft. Files of something never sent are deleted; something already sent is
    kept for the versions that include it."""
    if not engine.can_change(attachment.consultation):
        raise engine.ConsultationClosed
    if was_sent(attachment):
        attachment.removed_at = utcnow()
        db.session.commit()
        return
    keys = [key for key in (attachment.storage_key, attachment.thumbnail_key) if key]
    db.session.delete(attachment)
    db.session.commit()
    for key in keys:  # after the commit: a crash here leaves only an unreferenced file
        storage.storage().delete(key)


def file_of(attachment: Attachment, *, thumbnail: bool = False) -> bytes | None:
    key = attachment.thumbnail_key if thumbnail else attachment.storage_key
    return storage.storage().read(key) if key else None
