"""The audit trail: who did what to which object, and when. Never personal data in `detail`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    # A staff member, or None for a participant (see actor_invitation_id) or the system.
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # Participants' records are purged after the retention period; their audit events stay, so
    # these two are plain ids rather than foreign keys.
    actor_invitation_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[int | None]
    # The child the object is about, so a manager can read one child's trail.
    child_id: Mapped[int | None] = mapped_column(index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    request_id: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
