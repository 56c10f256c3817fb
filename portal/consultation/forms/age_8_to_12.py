"""The young person's form for 8 to 12 year olds. Version 1."""

from flask_babel import lazy_gettext as _l

from portal.consultation import wording
from portal.consultation.forms.common import (
    CHILD_ONLY,
    YOUNG_PERSON_THEMES,
    feelings,
    meeting_pages,
    people,
    pictures_page,
    text,
    yes_no,
)
from portal.consultation.schema import Audience, FormDefinition, Page
from portal.models import Purpose

FORM = FormDefinition(
    key="young_person_8_to_12",
    version=1,
    title=_l("For 8 to 12 year olds"),
    purpose=Purpose.VIEWS,
    respondents=CHILD_ONLY,
    ages=range(8, 13),
    audience=Audience.AGE_8_TO_12,
    wording=wording.CHILD,
    themes=YOUNG_PERSON_THEMES,
    pages=(
        Page(
            "home",
            _l("Where you live"),
            (
                feelings("home.feeling", _l("How do you feel about where you live?")),
                text("home.words", _l("What is it like at home?")),
            ),
            theme="home",
            picture="🏠",
        ),
        Page(
            "education",
            _l("School"),
            (
                feelings("education.feeling", _l("How do you feel about school?")),
                text("education.words", _l("What is good or hard at school?")),
            ),
            theme="education",
            picture="🏫",
        ),
        Page(
            "feelings",
            _l("How you feel"),
            (
                feelings("feelings.feeling", _l("How have you been feeling?")),
                text(
                    "health.words",
                    _l("Is there anything about your body or health you want to say?"),
                ),
            ),
            theme="feelings",
            picture="💭",
        ),
        Page(
            "friends",
            _l("Friends and fun"),
            (text("friends.words", _l("What do you like doing, and who are your friends?")),),
            theme="friends",
            picture="⚽",
        ),
        Page(
            "family",
            _l("Family time"),
            (
                feelings("family.feeling", _l("How do you feel about seeing your family?")),
                people("family.want_to_see", _l("Who would you like to see more?")),
                text("family.words", _l("Anything else about your family?")),
            ),
            theme="family",
            picture="👪",
        ),
        Page(
            "workers",
            _l("Your social worker and your IRO"),
            (
                yes_no(
                    "workers.social_worker_listens",
                    _l("Does your social worker listen to you?"),
                ),
                text(
                    "workers.words",
                    _l("Is there anything you want to tell your IRO about your social worker?"),
                ),
            ),
            theme="workers",
            picture="🧑‍💼",
        ),
        Page(
            "going_well",
            _l("Good things"),
            (text("going_well.words", _l("What is going well?")),),
            theme="going_well",
            picture="⭐",
        ),
        Page(
            "worries",
            _l("Worries"),
            (text("worries.words", _l("Is anything worrying you?")),),
            theme="worries",
            picture="☁️",
        ),
        Page(
            "next",
            _l("Wishes"),
            (
                text("next.words", _l("If you could change one thing, what would it be?")),
                text(
                    "next.plan_changes",
                    _l("Is there anything you want to be different in your plan?"),
                ),
            ),
            theme="next",
            picture="🌈",
        ),
        pictures_page(Audience.AGE_8_TO_12),
        *meeting_pages(Audience.AGE_8_TO_12),
    ),
)
