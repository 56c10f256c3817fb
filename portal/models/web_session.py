"""Server-side sessions: the cookie carries a random id, the row holds the state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime


class WebSession(Base):
    __tablename__ = "web_session"

    # SHA-256 of the cookie's id: a database leak does not hand out live sessions.
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Flask's tagged-JSON serialisation of the session dictionary.
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The earlier of the idle and absolute limits, so purging needs one comparison.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
