"""Requests for help, and safety alerts: records that stay until a person has dealt with them.

A request is raised by an answer in a form (the engine writes it when the form is sent), from
the request page of a participant's session, or on the public self-referral page. A safety
alert is a request of its own kind, raised by "Are you safe right now?" (a child) or "Is a child
in danger right now?" (an adult). Every change of status is an event; nothing is deleted.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, enum_column, utcnow
from portal.models.invitation import ParticipantRole

if TYPE_CHECKING:
    from portal.models.child import Child, Review
    from portal.models.invitation import Invitation
    from portal.models.organisation import Organisation
    from portal.models.staff import StaffUser


class RequestKind(enum.StrEnum):
    ADVOCATE = "advocate"
    INDEPENDENT_VISITOR = "independent_visitor"
    TALK_TO_IRO = "talk_to_iro"
    INTERPRETER = "interpreter"
    SAFETY_ALERT = "safety_alert"


class RequestStatus(enum.StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    ALLOCATED = "allocated"
    WAITING_LIST = "waiting_list"
    CLOSED = "closed"


class RequestSource(enum.StrEnum):
    FORM = "form"  # an answer in a form that was sent
    SESSION = "session"  # the request page of a participant's session
    SELF_REFERRAL = "self_referral"  # the public page, without an invitation
    SAFETY = "safety"  # the safety question in the header of every page


class AdvocacyReason(enum.StrEnum):
    REVIEW = "review"  # to help me say something at my review
    COMPLAINT = "complaint"  # to help me make a complaint
    OTHER = "other"


class ContactMethod(enum.StrEnum):
    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    CARER = "carer"  # through my carer


class ContactTime(enum.StrEnum):
    ANY = "any"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    AFTER_SCHOOL = "after_school"
    EVENING = "evening"


class SupportRequest(Base):
    __tablename__ = "support_request"
    # The same request sent twice within a minute is one request (see portal/requests.py).
    __table_args__ = (UniqueConstraint("fingerprint", "minute"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Unknown for a self-referral; the child's for anything raised through an invitation.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind, "request_kind"))
    source: Mapped[RequestSource] = mapped_column(enum_column(RequestSource, "request_source"))
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus, "request_status"), default=RequestStatus.RECEIVED
    )
    # Who raised it: the invitation's role and label ("child", "Kai"; "parent", "Mum"), or, for
    # a self-referral, no role and the first name they gave. Kept when the invitation is purged.
    raised_by_role: Mapped[ParticipantRole | None] = mapped_column(
        enum_column(ParticipantRole, "request_raised_by_role")
    )
    raised_by_name: Mapped[str] = mapped_column(String(100), default="")
    for_themselves: Mapped[bool] = mapped_column(default=False)  # an adult's own advocate
    reason: Mapped[AdvocacyReason | None] = mapped_column(
        enum_column(AdvocacyReason, "request_reason")
    )
    about: Mapped[str] = mapped_column(Text, default="")
    contact_method: Mapped[ContactMethod | None] = mapped_column(
        enum_column(ContactMethod, "request_contact_method")
    )
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    email: Mapped[str] = mapped_column(String(320), default="")
    message_ok: Mapped[bool | None]  # is it OK to leave a message?
    contact_time: Mapped[ContactTime | None] = mapped_column(
        enum_column(ContactTime, "request_contact_time")
    )
    language: Mapped[str] = mapped_column(String(10), default="")  # a code of portal.i18n
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    # Set by whoever deals with it.
    allocated_to: Mapped[str] = mapped_column(String(60), default="")  # a first name only
    contact_by: Mapped[date | None] = mapped_column(Date)
    # Safety alerts: escalated to managers when nobody acknowledged them in time; raised again.
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fingerprint: Mapped[str] = mapped_column(String(64))
    minute: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    child: Mapped[Child | None] = relationship()
    review: Mapped[Review | None] = relationship()
    invitation: Mapped[Invitation | None] = relationship()
    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RequestEvent.id",
    )

    @property
    def is_open(self) -> bool:
        return self.status is not RequestStatus.CLOSED

    @property
    def is_alert(self) -> bool:
        return self.kind is RequestKind.SAFETY_ALERT


class RequestEvent(Base):
    """One change of a request's status: when, by whom, and what they recorded."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("support_request.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus, "event_status"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    note: Mapped[str] = mapped_column(Text, default="")  # the action taken, or the outcome
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[SupportRequest] = relationship(back_populates="events")
    by: Mapped[StaffUser | None] = relationship()
