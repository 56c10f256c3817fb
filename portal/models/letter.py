"""The letter an IRO writes to the child after their review: what was talked about, what was
decided, who will do what by when. The child reads it through their invitation; a parent or
carer too, where the IRO chooses. Reactions (thumbs up or down) are kept with it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from portal.models.child import Review
    from portal.models.staff import StaffUser


class ChildLetter(Base):
    __tablename__ = "child_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), unique=True)
    talked_about: Mapped[str] = mapped_column(Text, default="")
    decided: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")  # who will do what, by when
    # The parents' and carers' own version, if the IRO writes one; else they read the child's.
    adult_version: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The parents' and carers' invitations that may read it too (the child's always may).
    shared_with: Mapped[list[int]] = mapped_column(JSON, default=list)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # None while it is a draft; the day it was sent counts for the 20-working-day record.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    review: Mapped[Review] = relationship()
    written_by: Mapped[StaffUser] = relationship()
    reactions: Mapped[list[LetterReaction]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LetterReaction.id"
    )


class Reaction(enum.StrEnum):
    THUMBS_UP = "thumbs_up"
    THUMBS_DOWN = "thumbs_down"


class LetterReaction(Base):
    """How a reader took the letter: one reaction per reader, the latest kept."""

    __tablename__ = "letter_reaction"
    __table_args__ = (UniqueConstraint("letter_id", "invitation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(
        ForeignKey("child_letter.id", ondelete="CASCADE"), index=True
    )
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL")
    )
    reaction: Mapped[Reaction] = mapped_column(enum_column(Reaction, "letter_reaction_kind"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
