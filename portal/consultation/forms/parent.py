"""The form for a parent, or anyone with parental responsibility. Version 1."""

from flask_babel import lazy_gettext as _l

from portal.consultation import wording
from portal.consultation.forms.adults import (
    ADULT_THEMES,
    going,
    joining,
    private_note,
    signs_of_safety,
)
from portal.consultation.forms.common import text
from portal.consultation.schema import FormDefinition, Page
from portal.models import ParticipantRole, Purpose

FORM = FormDefinition(
    key="parent",
    version=1,
    title=_l("For parents"),
    purpose=Purpose.VIEWS,
    respondents=frozenset({ParticipantRole.PARENT}),
    wording=wording.ADULT,
    themes=ADULT_THEMES,
    pages=(
        Page(
            "how_things_are",
            _l("How things are going"),
            (
                going("parent.health", _l("How is your child's health?")),
                going("parent.education", _l("How are school, college or nursery going?")),
                going("parent.home", _l("How are things where your child lives now?")),
                going("parent.family_time", _l("How is family time going?")),
                text(
                    "parent.how_going_words",
                    _l("Tell us more about any of these, if you want to"),
                    _l("For example something that has changed since the last meeting."),
                ),
            ),
            intro=_l("Tell us how you think things are going for your child."),
            theme="how_going",
        ),
        *signs_of_safety("parent"),
        joining("parent"),
        private_note("parent"),
    ),
)
