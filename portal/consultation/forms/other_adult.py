"""The form for someone else invited to the review (a relative, a friend of the family).
Version 1."""

from flask_babel import lazy_gettext as _l

from portal.consultation import wording
from portal.consultation.forms.adults import ADULT_THEMES, joining, private_note, signs_of_safety
from portal.consultation.schema import FormDefinition
from portal.models import ParticipantRole, Purpose

FORM = FormDefinition(
    key="someone_else",
    version=1,
    title=_l("For others invited to the meeting"),
    purpose=Purpose.VIEWS,
    respondents=frozenset({ParticipantRole.OTHER}),
    wording=wording.ADULT,
    themes=ADULT_THEMES,
    pages=(*signs_of_safety("other"), joining("other"), private_note("other")),
)
