"""Pictures, drawings and voice messages a participant adds to their consultation."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, enum_column, utcnow
from portal.models.consultation import Consultation, Visibility


class AttachmentKind(enum.StrEnum):
    PHOTO = "photo"  # a photo or picture file (a poster, a drawing on paper)
    DRAWING = "drawing"  # drawn in the portal
    VOICE = "voice"  # a voice message


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AttachmentKind] = mapped_column(enum_column(AttachmentKind, "attachment_kind"))
    # Where the processed file (and a picture's thumbnail) are kept; see portal/storage.py.
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    thumbnail_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int]
    # SHA-256 of the stored bytes: what was kept is what was checked.
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None]
    height: Mapped[int | None]
    duration_seconds: Mapped[float | None]
    caption: Mapped[str | None] = mapped_column(Text)
    caption_language: Mapped[str | None] = mapped_column(String(10))
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "attachment_visibility"), default=Visibility.IRO_ONLY
    )
    # The question it belongs to (one of an under-8's Three Houses); None for the pictures page.
    question_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Taken out of the draft after it was sent: kept for the versions that include it.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship(back_populates="attachments")


class StoredFile(Base):
    """File bytes for the `database` storage backend (several instances, no shared disk)."""

    __tablename__ = "stored_file"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
