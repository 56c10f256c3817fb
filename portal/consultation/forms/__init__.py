"""Every form definition the portal knows, by key and version.

A definition is never edited once answers may exist for it: a change is a new version in its
own module, added here, and old answers keep being read with the version they were given to.
"""

from __future__ import annotations

from portal.consultation.forms import age_8_to_12, age_13_plus, under_8
from portal.consultation.schema import Audience, FormDefinition

DEFINITIONS: dict[tuple[str, int], FormDefinition] = {
    (form.key, form.version): form for form in (under_8.FORM, age_8_to_12.FORM, age_13_plus.FORM)
}
# The version new consultations start with.
CURRENT: dict[str, FormDefinition] = {}
for _form in DEFINITIONS.values():
    if _form.key not in CURRENT or _form.version > CURRENT[_form.key].version:
        CURRENT[_form.key] = _form

YOUNG_PERSON_FORMS = {
    Audience.UNDER_8: CURRENT["young_person_under_8"],
    Audience.AGE_8_TO_12: CURRENT["young_person_8_to_12"],
    Audience.AGE_13_PLUS: CURRENT["young_person_13_plus"],
}


def get(key: str, version: int) -> FormDefinition | None:
    return DEFINITIONS.get((key, version))


def audience_for_age(age: int) -> Audience:
    if age < 8:
        return Audience.UNDER_8
    if age < 13:
        return Audience.AGE_8_TO_12
    return Audience.AGE_13_PLUS


def young_person_form(age: int) -> FormDefinition:
    return YOUNG_PERSON_FORMS[audience_for_age(age)]
