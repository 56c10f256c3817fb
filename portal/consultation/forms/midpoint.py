"""The midpoint check-in: a short form for the young person, halfway to their next review, that
goes to their IRO only. Version 1."""

from flask_babel import lazy_gettext as _l

from portal.consultation import wording
from portal.consultation.forms.common import CHILD_ONLY, feelings, text, yes_no
from portal.consultation.schema import FormDefinition, Page, Theme
from portal.models import Purpose

CHECK_IN = FormDefinition(
    key="midpoint_young_person",
    version=1,
    title=_l("How are things?"),
    purpose=Purpose.MIDPOINT,
    respondents=CHILD_ONLY,
    wording=wording.CHILD_MIDPOINT,
    themes=(Theme("midpoint", "Midpoint check-in"),),
    pages=(
        Page(
            "how_things_are",
            _l("How are things?"),
            (
                feelings("midpoint.feeling", _l("How are things for you at the moment?")),
                yes_no(
                    "midpoint.plan_happening",
                    _l("Is your plan happening, the things agreed at your meeting?"),
                ),
                text("midpoint.words", _l("Is there anything you want to tell me?")),
            ),
            theme="midpoint",
        ),
    ),
)
