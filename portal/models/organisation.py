"""A local authority: everything in the portal belongs to exactly one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, false
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
    # Where a safety alert nobody acknowledged in time is escalated, besides the managers.
    duty_email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    # The organisation's own professional words for the plain-words checker, one a line:
    # "PEP = your school plan" (portal/plain_words.py).
    plain_words: Mapped[str] = mapped_column(Text, default="", server_default="")
    # How long participants' words are kept after their invitation has ended.
    data_retention_days: Mapped[int] = mapped_column(default=365)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
