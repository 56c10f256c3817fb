"""People who work for an organisation and sign in with a password and a second factor."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, enum_column, utcnow
from portal.models.organisation import Organisation


class Role(enum.StrEnum):
    IRO = "iro"
    REVIEW_ADMIN = "review_admin"
    MANAGER = "manager"
    ADVOCACY = "advocacy"
    SYSADMIN = "sysadmin"

    @property
    def title(self) -> str:  # type: ignore[override]  # shadows str.title: a role's name
        return ROLE_TITLES[self]


ROLE_TITLES = {
    Role.IRO: "Independent Reviewing Officer",
    Role.REVIEW_ADMIN: "Review administrator",
    Role.MANAGER: "Manager",
    Role.ADVOCACY: "Advocacy service",
    Role.SYSADMIN: "System administrator",
}


class StaffUser(Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Stored lower-cased; unique across the portal so sign-in needs only the address.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "staff_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last TOTP time-step accepted: a code is good once only.
    totp_last_step: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    # A password someone else chose (an administrator, the command line) is changed at first
    # sign-in, so nobody else ever knows a working password.
    password_change_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()

    # flask-login's user protocol
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)
