"""A participant's consultation: their answers while they work (a draft kept on the server),
and each version they send (a submission, never overwritten)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from portal.models.attachment import Attachment
    from portal.models.invitation import Invitation


class Visibility(enum.StrEnum):
    """Who may see an answer. The safer choice is the default everywhere."""

    IRO_ONLY = "iro_only"  # "Only my IRO: please raise it for me, but not in front of everyone"
    MEETING = "meeting"  # "OK to share at my meeting"


class Purpose(enum.StrEnum):
    """What a consultation is for. An invitation holds at most one consultation per purpose."""

    VIEWS = "views"  # views before the review
    FEEDBACK = "feedback"  # how the review went, after it was held
    MIDPOINT = "midpoint"  # a check-in halfway to the next review


class Helper(enum.StrEnum):
    """Who helped the young person fill in the form, if anyone (the channel record)."""

    NOBODY = "nobody"
    CARER = "carer"
    PARENT = "parent"
    SOCIAL_WORKER = "social_worker"
    ADVOCATE = "advocate"
    TEACHER = "teacher"
    IRO = "iro"
    SOMEONE_ELSE = "someone_else"


class Consultation(Base):
    __tablename__ = "consultation"
    __table_args__ = (UniqueConstraint("invitation_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[Purpose] = mapped_column(
        enum_column(Purpose, "consultation_purpose"),
        default=Purpose.VIEWS,
        server_default=Purpose.VIEWS.value,
    )
    # Which form, and which version of its definition, the answers belong to.
    form_key: Mapped[str] = mapped_column(String(40))
    form_version: Mapped[int]
    # Where to take them when they come back.
    current_page: Mapped[str | None] = mapped_column(String(40))
    helper: Mapped[Helper | None] = mapped_column(enum_column(Helper, "consultation_helper"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="consultations")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", passive_deletes=True
    )
    submissions: Mapped[list[Submission]] = relationship(
        back_populates="consultation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Submission.number",
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="consultation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Attachment.id",
    )

    @property
    def latest_submission(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None


class Answer(Base):
    """The current (draft) answer to one question. Sending copies it into a Submission."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("consultation_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(60))
    # Shaped by the question's kind: a number for faces, a key or keys for choices, text, ...
    value: Mapped[Any] = mapped_column(JSON)
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "answer_visibility"), default=Visibility.IRO_ONLY
    )
    # The language free text was written in (a catalogue code), when known.
    language: Mapped[str | None] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="answers")


class Submission(Base):
    """One version of a consultation as sent: a frozen copy of every answer."""

    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint("consultation_id", "number"),
        UniqueConstraint("consultation_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]  # 1 for the first time they send, 2 for the next, ...
    idempotency_key: Mapped[str] = mapped_column(String(64))
    form_key: Mapped[str] = mapped_column(String(40))
    form_version: Mapped[int]
    # {question_id: {"value": ..., "visibility": ..., "language": ...}}
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # [{"id": attachment id, "caption": ..., "visibility": ..., "caption_language": ...}]
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # How the views reached the review: this form, and who helped (PN5/PN6/PN7 depend on it).
    channel: Mapped[str] = mapped_column(String(20), default="portal_form")
    helper: Mapped[Helper | None] = mapped_column(enum_column(Helper, "submission_helper"))
    # Feedback sent without a name: nothing staff see links it to the person who sent it.
    anonymous: Mapped[bool] = mapped_column(default=False, server_default=false())
    language: Mapped[str] = mapped_column(String(10))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="submissions")


class SaveReceipt(Base):
    """An idempotency key that has been applied: a retried save is answered, not repeated."""

    __tablename__ = "save_receipt"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
