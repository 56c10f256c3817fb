"""An invitation for one participant (the child, a parent, a carer, ...) to one review."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, enum_column, utcnow
from portal.models.child import Review
from portal.models.staff import StaffUser

if TYPE_CHECKING:
    from portal.models.consultation import Consultation


class ParticipantRole(enum.StrEnum):
    CHILD = "child"
    PARENT = "parent"
    CARER = "carer"
    OTHER = "other"


class SecretKind(enum.StrEnum):
    """The short secret a young person chooses so that the link alone is not enough."""

    PIN = "pin"
    PICTURES = "pictures"


class Invitation(Base):
    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(enum_column(ParticipantRole, "participant_role"))
    # How the letter addresses them: "Mum", "Foster carer", "Grandad".
    label: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(10), default="en")
    # Where to tell them of a change to the meeting (a new date, a cancellation), if they gave
    # one. Only such notices go there: never a name or anyone's words.
    notify_email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    # Only SHA-256 digests are stored: the link's token and the letter's code exist in the
    # clear once, when the invitation is issued.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Bumped by every reissue and revocation, so sessions opened with an old link end too.
    credential_version: Mapped[int] = mapped_column(default=1)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The young person's secret (Argon2id), wrong tries in a row, and the pause they earn.
    secret_kind: Mapped[SecretKind | None] = mapped_column(enum_column(SecretKind, "secret_kind"))
    secret_hash: Mapped[str | None] = mapped_column(String(255))
    secret_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    secret_paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who last reset the secret, and when: the young person is told at their next opening.
    secret_reset_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    secret_reset_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    review: Mapped[Review] = relationship(back_populates="invitations")
    secret_reset_by: Mapped[StaffUser | None] = relationship()
    consultations: Mapped[list[Consultation]] = relationship(
        back_populates="invitation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Consultation.id",
    )

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def consultation_for(self, purpose: str = "views") -> Consultation | None:
        """The one accessor for an invitation's consultation of a purpose (views by default)."""
        return next((c for c in self.consultations if c.purpose == purpose), None)
