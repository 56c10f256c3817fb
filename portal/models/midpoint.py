"""The midpoint between two reviews: three months after a second or later review, the IRO
checks the plan is happening and writes to the child (Signs of Success: what's working well,
what we're worried about, what needs to happen)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from portal.models.child import Review
    from portal.models.staff import StaffUser


class MidpointNote(Base):
    __tablename__ = "midpoint_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The review the midpoint follows.
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), unique=True)
    working_well: Mapped[str] = mapped_column(Text, default="")
    worried_about: Mapped[str] = mapped_column(Text, default="")
    needs_to_happen: Mapped[str] = mapped_column(Text, default="")
    written_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # None while a draft; the midpoint counts as done when the note is sent to the child.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    review: Mapped[Review] = relationship()
    written_by: Mapped[StaffUser] = relationship()
