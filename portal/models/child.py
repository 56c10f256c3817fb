"""A child in care and the statutory reviews of their care plan."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, enum_column, utcnow
from portal.models.organisation import Organisation
from portal.models.staff import StaffUser

if TYPE_CHECKING:
    from portal.models.invitation import Invitation
    from portal.models.letter import ChildLetter
    from portal.models.midpoint import MidpointNote
    from portal.models.request import SupportRequest


class Child(Base):
    __tablename__ = "child"
    __table_args__ = (UniqueConstraint("organisation_id", "case_reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # First or chosen name only: the portal never needs a surname.
    name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    preferred_language: Mapped[str] = mapped_column(String(10), default="en")
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    # The council's case-recording reference, e.g. a Mosaic person ID.
    case_reference: Mapped[str] = mapped_column(String(50))
    iro_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    looked_after_since: Mapped[date] = mapped_column(Date)
    # Unaccompanied asylum-seeking child: staff pages only, never shown to the child.
    uasc: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    iro: Mapped[StaffUser | None] = relationship()
    reviews: Mapped[list[Review]] = relationship(
        back_populates="child", order_by="Review.scheduled_at"
    )

    def age_on(self, day: date) -> int:
        had_birthday = (day.month, day.day) >= (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - (0 if had_birthday else 1)


class ReviewKind(enum.StrEnum):
    FIRST = "first"
    SECOND = "second"
    SUBSEQUENT = "subsequent"


class ReviewFormat(enum.StrEnum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    HYBRID = "hybrid"


class ReviewStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class ParticipationCode(enum.StrEnum):
    """The DfE SSDA903 participation codes, recorded once a review is held."""

    PN0 = "PN0"
    PN1 = "PN1"
    PN2 = "PN2"
    PN3 = "PN3"
    PN4 = "PN4"
    PN5 = "PN5"
    PN6 = "PN6"
    PN7 = "PN7"


class Review(Base):
    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    kind: Mapped[ReviewKind] = mapped_column(enum_column(ReviewKind, "review_kind"))
    # The latest date the review may be held under regulation 33.
    due_date: Mapped[date] = mapped_column(Date, index=True)
    # For a second or later review whose predecessor was held before the portal existed.
    previous_review_on: Mapped[date | None] = mapped_column(Date)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    venue: Mapped[str] = mapped_column(String(200))
    format: Mapped[ReviewFormat] = mapped_column(enum_column(ReviewFormat, "review_format"))
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status"), default=ReviewStatus.SCHEDULED
    )
    participation_code: Mapped[ParticipationCode | None] = mapped_column(
        enum_column(ParticipationCode, "participation_code")
    )
    # Recorded by the IRO after the meeting; the participation code is worked out from them.
    held_on: Mapped[date | None] = mapped_column(Date)
    child_attended: Mapped[bool | None]
    advocate_briefed: Mapped[bool | None]
    # Locked for the meeting: what participants send afterwards is shown as an addendum.
    pack_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Adjourned: the first part was held on this day, and it continues at scheduled_at.
    adjourned_on: Mapped[date | None] = mapped_column(Date)
    # Why it was moved or cancelled, the last time it was (a reason code, see portal/lifecycle).
    changed_reason: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # Brought from the council's old system by `import-reviews`: history, not a meeting here.
    imported: Mapped[bool] = mapped_column(default=False, server_default=false())
    # An advocate spoke for the child at the meeting (as the old system recorded it).
    advocate_spoke: Mapped[bool | None]
    # When the record (the minutes, or the letter to the child) was written, and by when it was
    # due: 20 working days after the review. Both stored, so reports compare them in SQL.
    record_written_on: Mapped[date | None] = mapped_column(Date)
    record_due_on: Mapped[date | None] = mapped_column(Date)
    # Three months after a second or later review: stored for the same reason.
    midpoint_due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    child: Mapped[Child] = relationship(back_populates="reviews")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="review", order_by="Invitation.id"
    )
    attendance: Mapped[list[Attendance]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Attendance.id"
    )
    letter: Mapped[ChildLetter | None] = relationship(viewonly=True, uselist=False)
    midpoint: Mapped[MidpointNote | None] = relationship(viewonly=True, uselist=False)
    # Requests and alerts raised through this review's invitations (read-only from here).
    support_requests: Mapped[list[SupportRequest]] = relationship(
        viewonly=True, order_by="SupportRequest.id"
    )


class AttendanceMode(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"
    DID_NOT_ATTEND = "did_not_attend"


class Attendance(Base):
    """Who was at a review, and how: one row per person invited, recorded with the outcome.
    The label and role are kept, so the record stands when invitations are purged."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("review_id", "invitation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL")
    )
    label: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    mode: Mapped[AttendanceMode] = mapped_column(enum_column(AttendanceMode, "attendance_mode"))
