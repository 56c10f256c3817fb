"""A local authority: everything in the portal belongs to exactly one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    advocacy_service_name: Mapped[str] = mapped_column(String(200))
    advocacy_service_email: Mapped[str] = mapped_column(String(320))
    independent_visitor_provider_name: Mapped[str] = mapped_column(String(200))
    independent_visitor_provider_email: Mapped[str] = mapped_column(String(320))
    complaints_email: Mapped[str] = mapped_column(String(320))
    # Shown to participants as it is written, e.g. "Call the Children's Rights team on ...".
    helpline_text: Mapped[str] = mapped_column(Text, default="")
    # Shown to parents and carers instead of Childline: who to call when worried about a child,
    # e.g. "Children's services: 01632 960 100 (out of hours 01632 960 999)".
    worried_adult_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Working days within which the complaints team replies (the statutory first stage is 10).
    complaint_reply_working_days: Mapped[int] = mapped_column(default=10, server_default="10")
    # Whether a parent may ask the advocacy service for an advocate for themselves.
    parent_advocacy_offered: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Children's services out of hours (the emergency duty team), E.164; shown on the "not safe"
    # page in the page's language.
    out_of_hours_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # What the organisation calls that line, in English, e.g. "Emergency Duty Team"; shown
    # beside the number (translations are OrganisationPhrase rows keyed "out_of_hours").
    out_of_hours_text: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Where a safety alert nobody acknowledged in time is escalated, besides the managers.
    duty_email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    # The organisation's own professional words for the plain-words checker, one a line:
    # "PEP = your school plan" (portal/plain_words.py).
    plain_words: Mapped[str] = mapped_column(Text, default="", server_default="")
    # How long participants' words are kept after their invitation has ended.
    data_retention_days: Mapped[int] = mapped_column(default=365)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OrganisationPhrase(Base):
    """One of the organisation's own phrases (its help line, a venue...) in a language other
    than English. The English stays where staff typed it (the organisation's columns, a
    review's venue) and is shown, marked as English, wherever a translation is missing."""

    __tablename__ = "organisation_phrase"
    # Leading with organisation_id, it also serves the one query a page makes for its phrases.
    __table_args__ = (UniqueConstraint("organisation_id", "key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    # "helpline", "worried_adult", "out_of_hours", or "venue:" and a review's English venue.
    key: Mapped[str] = mapped_column(String(210))
    language: Mapped[str] = mapped_column(String(10))  # a code from portal/i18n.py, never "en"
    text: Mapped[str] = mapped_column(Text)
    # The English it translates, as it was then: once staff change the English (a new phone
    # number), the translation is out of date and the English is shown until it is redone.
    english: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
