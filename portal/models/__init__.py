"""The portal's models, one module per aggregate. Importing this registers them all."""

from portal.models.audit import AuditEvent
from portal.models.base import Base
from portal.models.child import (
    Child,
    ParticipationCode,
    Review,
    ReviewFormat,
    ReviewKind,
    ReviewStatus,
)
from portal.models.invitation import Invitation, ParticipantRole
from portal.models.organisation import Organisation
from portal.models.staff import Role, StaffUser
from portal.models.web_session import WebSession

__all__ = [
    "AuditEvent",
    "Base",
    "Child",
    "Invitation",
    "Organisation",
    "ParticipantRole",
    "ParticipationCode",
    "Review",
    "ReviewFormat",
    "ReviewKind",
    "ReviewStatus",
    "Role",
    "StaffUser",
    "WebSession",
]
