"""The form for a carer: a foster carer, kinship carer or residential key worker. Version 1."""

from flask_babel import lazy_gettext as _l

from portal.consultation import wording
from portal.consultation.forms.adults import ADULT_THEMES, going, joining, private_note
from portal.consultation.forms.common import text
from portal.consultation.schema import FormDefinition, Kind, Option, Page, Question
from portal.models import ParticipantRole, Purpose

ATTENDANCE = (
    Option("good", _l("Good: they rarely miss school or college")),
    Option("some_missed", _l("They miss some days")),
    Option("a_lot_missed", _l("They miss a lot")),
    Option("not_in_education", _l("They are not in school or college at the moment")),
)

STABILITY = (
    Option("settled", _l("Settled")),
    Option("mostly_settled", _l("Mostly settled")),
    Option("unsettled", _l("Unsettled")),
    Option("may_end", _l("It may not be able to continue")),
)

FORM = FormDefinition(
    key="carer",
    version=1,
    title=_l("For carers"),
    purpose=Purpose.VIEWS,
    respondents=frozenset({ParticipantRole.CARER}),
    wording=wording.ADULT,
    themes=ADULT_THEMES,
    pages=(
        Page(
            "health",
            _l("Health"),
            (
                going("carer.health", _l("How is the child's health?")),
                text(
                    "carer.health_words",
                    _l("Tell us more, if you want to"),
                    _l("For example appointments, sleep, eating or medication."),
                ),
            ),
            theme="health",
        ),
        Page(
            "education",
            _l("School, college and attendance"),
            (
                going("carer.education", _l("How are school or college going?")),
                Question(
                    "carer.attendance",
                    Kind.SINGLE,
                    _l("How is their attendance?"),
                    options=ATTENDANCE,
                ),
                text("carer.education_words", _l("Tell us more, if you want to")),
            ),
            theme="education",
        ),
        Page(
            "wellbeing",
            _l("How they are feeling"),
            (
                going("carer.wellbeing", _l("How is the child feeling in themselves?")),
                text(
                    "carer.wellbeing_words",
                    _l("Tell us more, if you want to"),
                    _l("For example their mood, worries or confidence."),
                ),
            ),
            theme="feelings",
        ),
        Page(
            "friends",
            _l("Friends and activities"),
            (text("carer.friends", _l("How are their friendships, hobbies and activities?")),),
            theme="friends",
        ),
        Page(
            "family_time",
            _l("Family time"),
            (
                going("carer.family_time", _l("How is family time going?")),
                text("carer.family_time_words", _l("How does the child find family time?")),
            ),
            theme="family",
        ),
        Page(
            "home",
            _l("Their home with you"),
            (
                Question(
                    "carer.stability",
                    Kind.SINGLE,
                    _l("How settled is the child's home with you?"),
                    options=STABILITY,
                ),
                text("carer.home_words", _l("Tell us more, if you want to")),
            ),
            theme="home",
        ),
        Page(
            "support",
            _l("Support for you"),
            (text("carer.support_needed", _l("What support do you need to care for the child?")),),
            theme="carer_support",
        ),
        Page(
            "passing_on",
            _l("Passing things on"),
            (
                text(
                    "carer.passing_on",
                    _l("Has the child asked you to pass anything on to the IRO?"),
                ),
            ),
            theme="passing_on",
        ),
        joining("carer"),
        private_note("carer"),
    ),
)
