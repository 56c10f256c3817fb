"""The portal's models, one module per aggregate. Importing this registers them all."""

from portal.models.attachment import Attachment, AttachmentKind, StoredFile
from portal.models.audit import AuditEvent
from portal.models.base import Base
from portal.models.calendar import CalendarDay
from portal.models.child import (
    Attendance,
    AttendanceMode,
    Child,
    ParticipationCode,
    Review,
    ReviewFormat,
    ReviewKind,
    ReviewStatus,
)
from portal.models.consultation import (
    Answer,
    Consultation,
    Helper,
    Purpose,
    SaveReceipt,
    Submission,
    Visibility,
)
from portal.models.invitation import Invitation, ParticipantRole, SecretKind
from portal.models.letter import ChildLetter, LetterReaction, Reaction
from portal.models.midpoint import MidpointNote
from portal.models.organisation import Organisation, OrganisationPhrase
from portal.models.outbox import OutboxEmail
from portal.models.reminder import Reminder
from portal.models.request import (
    AdvocacyReason,
    ContactMethod,
    ContactTime,
    RequestEvent,
    RequestKind,
    RequestSource,
    RequestStatus,
    SupportRequest,
)
from portal.models.staff import Role, StaffUser
from portal.models.web_session import WebSession

__all__ = [
    "AdvocacyReason",
    "Answer",
    "Attachment",
    "AttachmentKind",
    "Attendance",
    "AttendanceMode",
    "AuditEvent",
    "Base",
    "CalendarDay",
    "Child",
    "ChildLetter",
    "Consultation",
    "ContactMethod",
    "ContactTime",
    "Helper",
    "Invitation",
    "LetterReaction",
    "MidpointNote",
    "Organisation",
    "OrganisationPhrase",
    "OutboxEmail",
    "ParticipantRole",
    "ParticipationCode",
    "Purpose",
    "Reaction",
    "Reminder",
    "RequestEvent",
    "RequestKind",
    "RequestSource",
    "RequestStatus",
    "Review",
    "ReviewFormat",
    "ReviewKind",
    "ReviewStatus",
    "Role",
    "SaveReceipt",
    "SecretKind",
    "StaffUser",
    "StoredFile",
    "Submission",
    "SupportRequest",
    "Visibility",
    "WebSession",
]
