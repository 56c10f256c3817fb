"""The young person's form for 13 and over, and care leavers up to 25. Version 1."""

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
from portal.consultation.schema import Audience, FormDefinition, Kind, Option, Page, Question
from portal.models import Purpose

READINESS = (
    Option("not_yet", _l("Not ready yet")),
    Option("getting_there", _l("Getting there")),
    Option("ready", _l("Ready")),
    Option("not_sure", _l("Not sure")),
)

FORM = FormDefinition(
    key="young_person_13_plus",
    version=1,
    title=_l("For 13 and over"),
    purpose=Purpose.VIEWS,
    respondents=CHILD_ONLY,
    ages=range(13, 26),
    audience=Audience.AGE_13_PLUS,
    wording=wording.CHILD,
    themes=YOUNG_PERSON_THEMES,
    pages=(
        Page(
            "home",
            _l("Home, or where you live"),
            (
                feelings("home.feeling", _l("How do you feel about where you live?")),
                text("home.words", _l("What is it like living there?")),
            ),
            theme="home",
            picture="🏠",
        ),
        Page(
            "education",
            _l("School, college or work"),
            (
                feelings("education.feeling", _l("How are school, college or work going?")),
                text("education.words", _l("Tell us more, if you want to")),
            ),
            theme="education",
            picture="🏫",
        ),
        Page(
            "health",
            _l("Health"),
            (
                feelings("health.feeling", _l("How do you feel about your health?")),
                text(
                    "health.words",
                    _l("Is there anything about your health you want your IRO to know?"),
                    _l(
                        "For example sleep, eating, your body, or getting to the doctor or dentist."
                    ),
                ),
            ),
            theme="health",
            picture="🩺",
        ),
        Page(
            "feelings",
            _l("How you feel"),
            (
                feelings("feelings.feeling", _l("How have you been feeling lately?")),
                text("feelings.words", _l("Is there anything you want to say about how you feel?")),
            ),
            theme="feelings",
            picture="💭",
        ),
        Page(
            "friends",
            _l("Friends and hobbies"),
            (
                text(
                    "friends.words",
                    _l("What do you enjoy doing, and who do you spend time with?"),
                ),
                yes_no(
                    "friends.enough",
                    _l("Do you get to do enough of the things you enjoy?"),
                ),
            ),
            theme="friends",
            picture="⚽",
        ),
        Page(
            "family",
            _l("Family time and who you want to see"),
            (
                feelings("family.feeling", _l("How do you feel about family time?")),
                people(
                    "family.want_to_see",
                    _l("Who would you like to see more?"),
                    _l("Family, friends or anyone else who matters to you."),
                ),
                people("family.want_to_see_less", _l("Is there anyone you want to see less?")),
                text("family.words", _l("Anything else about family time?")),
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
                yes_no(
                    "workers.see_enough",
                    _l("Do you see your social worker as often as you want?"),
                ),
                text(
                    "workers.words",
                    _l("Is there anything you want to say about your social worker or your IRO?"),
                ),
            ),
            theme="workers",
            picture="🧑‍💼",
        ),
        Page(
            "independence",
            _l("Getting ready for adult life"),
            (
                Question(
                    "independence.ready",
                    Kind.SINGLE,
                    _l("How ready do you feel to look after yourself?"),
                    _l("For example cooking, money, bills, a place to live, college or a job."),
                    options=READINESS,
                ),
                text(
                    "independence.words",
                    _l("What help would you like to get ready?"),
                ),
            ),
            theme="independence",
            picture="🔑",
        ),
        Page(
            "going_well",
            _l("What is going well"),
            (text("going_well.words", _l("What is going well for you at the moment?")),),
            theme="going_well",
            picture="⭐",
        ),
        Page(
            "worries",
            _l("What you are worried about"),
            (text("worries.words", _l("Is there anything you are worried about?")),),
            theme="worries",
            picture="☁️",
        ),
        Page(
            "next",
            _l("What you want to happen next"),
            (
                text("next.words", _l("What would you like to happen next?")),
                text(
                    "next.plan_changes",
                    _l("Is there anything you want changed in your plan?"),
                ),
            ),
            theme="next",
            picture="➡️",
        ),
        pictures_page(Audience.AGE_13_PLUS),
        *meeting_pages(Audience.AGE_13_PLUS),
    ),
)
