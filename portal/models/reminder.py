"""Reminders already sent: one row each, so several outbox workers never send one twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


class Reminder(Base):
    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "occasion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What it reminds of, e.g. "participant.meeting_soon" (see portal/reminders.py).
    kind: Mapped[str] = mapped_column(String(40))
    # The invitation or review it is about.
    subject_id: Mapped[int]
    # Which occasion: the meeting's time or the record's due date, in ISO form. A meeting
    # moved to another day is another occasion, so its reminder comes again.
    occasion: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
