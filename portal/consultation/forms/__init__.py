"""Every form definition the portal knows, and the one lookup that picks a form.

A form says whom it is for (invitation roles, and for a child's form the ages it is written
for) and what for (views before the review, feedback after it). `form_for` takes an invitation
and a purpose and returns the form, or None: then the route is a 404.

A definition is never edited once answers may exist for it: a change is a new version in its
own module, added to FORMS, and old answers keep being read with the version they were given to.
Adding a form is one module here and one line in FORMS (see the README's architecture section).
"""

from __future__ import annotations

from datetime import date

from portal.consultation.forms import (
    age_8_to_12,
    age_13_plus,
    carer,
    feedback,
    midpoint,
    other_adult,
    parent,
    under_8,
    under_8_v2,
)
from portal.consultation.schema import Audience, FormDefinition, Theme
from portal.models import Invitation, ParticipantRole, Purpose

FORMS: tuple[FormDefinition, ...] = (
    under_8.FORM,
    under_8_v2.FORM,
    age_8_to_12.FORM,
    age_13_plus.FORM,
    parent.FORM,
    carer.FORM,
    other_adult.FORM,
    feedback.CHILD,
    feedback.ADULT,
    midpoint.CHECK_IN,
)
DEFINITIONS: dict[tuple[str, int], FormDefinition] = {(f.key, f.version): f for f in FORMS}
# The version new consultations start with.
CURRENT: dict[str, FormDefinition] = {}
for _form in FORMS:
    if _form.key not in CURRENT or _form.version > CURRENT[_form.key].version:
        CURRENT[_form.key] = _form

# Every theme a form declares, with its pack title: the pack and its JSON schema use these.
THEMES: dict[str, Theme] = {theme.key: theme for form in FORMS for theme in form.themes}

YOUNG_PERSON_FORMS = {
    form.audience: form
    for form in CURRENT.values()
    if form.audience is not None and form.purpose is Purpose.VIEWS
}


def get(key: str, version: int) -> FormDefinition | None:
    return DEFINITIONS.get((key, version))


def forms_for(role: ParticipantRole, purpose: Purpose) -> list[FormDefinition]:
    """The current forms a participant in this role may use for this purpose (a young person
    has one version per age group, and may switch between them)."""
    return [f for f in CURRENT.values() if role in f.respondents and f.purpose == purpose]


def form_for(invitation: Invitation, purpose: Purpose, today: date) -> FormDefinition | None:
    """The form this invitation starts with for this purpose, or None if there is none."""
    age = invitation.review.child.age_on(today)
    return next(
        (f for f in CURRENT.values() if f.fits(invitation.role, purpose, age)),
        None,
    )


def young_person_form(age: int) -> FormDefinition:
    return next(f for f in YOUNG_PERSON_FORMS.values() if f.ages is not None and age in f.ages)


def audience_for_age(age: int) -> Audience:
    audience = young_person_form(age).audience
    assert audience is not None
    return audience
