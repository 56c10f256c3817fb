"""The young person's form for children under 8, version 2: a form of its own, made for a
child with an adult beside them, not the older form with pictures added.

One question per screen, in a child's words. The Three Houses (good things, worries, dreams)
are three screens, and each house takes a drawing, a voice message, pictures or a few words, in
any mix, with one question per house about who may see it. The adult helping gets a short note
on the first screen. There is no pictures page: pictures go into the houses. The question ids are
those of version 1 and of the other ages' forms, so the pack reads every version alike.
"""

from flask_babel import lazy_gettext as _l

from portal.consultation import wording
from portal.consultation.forms.common import (
    CHILD_ONLY,
    PLACES,
    YOUNG_PERSON_THEMES,
    feelings,
    people,
    text,
    yes_no,
)
from portal.consultation.forms.under_8 import FUN_QUESTION, PEOPLE_QUESTION
from portal.consultation.schema import (
    Audience,
    FormDefinition,
    Kind,
    Option,
    Page,
    Question,
)
from portal.models import Purpose

# A few words: an adult writes down what the child says.
HOUSE_WORDS = 500

COMING = (
    Option("all", _l("Yes"), "🙂"),
    Option("part", _l("For a little while"), "⏱️"),
    Option("no", _l("No, but tell them what I think"), "✉️"),
    Option("not_sure", _l("Not sure"), "🤔"),
)

HELPING_RUN = (
    Option("help_chair", _l("Yes, I want to help"), "🤝"),
    Option("iro_chair", _l("No, someone else can do it"), "🙂"),
    Option("not_sure", _l("Not sure"), "🤔"),
)


def one_question(key: str, title: object, question: Question, picture: str, theme: str) -> Page:
    return Page(key, title, (question,), theme=theme, picture=picture)  # type: ignore[arg-type]


def house(key: str, title: object, prompt: object, picture: str, theme: str) -> Page:
    question = Question(
        f"{theme}.house",
        Kind.HOUSE,
        prompt,  # type: ignore[arg-type]
        _l("You can give your house a different name."),
        default_name=title,  # type: ignore[arg-type]
        picture=picture,
        limit=HOUSE_WORDS,
        takes_attachments=True,
    )
    return Page(
        key,
        title,  # type: ignore[arg-type]
        (question,),
        theme=theme,
        picture=picture,
    )


FORM = FormDefinition(
    key="young_person_under_8",
    version=2,
    title=_l("For children under 8"),
    purpose=Purpose.VIEWS,
    respondents=CHILD_ONLY,
    ages=range(0, 8),
    audience=Audience.UNDER_8,
    wording=wording.CHILD_UNDER_8,
    themes=YOUNG_PERSON_THEMES,
    helper_note=(
        _l("Read each question out and let the child answer in their own way."),
        _l(
            "Write down their words as they say them. Try not to suggest answers, or say "
            "which face to pick."
        ),
        _l("They can skip anything. Stop if they are upset or tired: the answers are saved."),
    ),
    pages=(
        one_question(
            "today",
            _l("Today"),
            feelings("feelings.feeling", _l("How do you feel today?")),
            "🙂",
            "feelings",
        ),
        one_question(
            "home",
            _l("Home"),
            feelings("home.feeling", _l("How do you feel at home?")),
            "🏠",
            "home",
        ),
        one_question(
            "school",
            _l("School"),
            feelings("education.feeling", _l("How do you feel at school or nursery?")),
            "🏫",
            "education",
        ),
        one_question(
            "people",
            _l("My people"),
            PEOPLE_QUESTION,
            "👪",
            "family",
        ),
        one_question(
            "fun",
            _l("Fun"),
            FUN_QUESTION,
            "🎈",
            "friends",
        ),
        house(
            "house_good",
            _l("House of good things"),
            _l("What is good? What makes you happy?"),
            "🏡",
            "going_well",
        ),
        house(
            "house_worries",
            _l("House of worries"),
            _l("What worries you? What makes you sad or cross?"),
            "🏚️",
            "worries",
        ),
        house(
            "house_dreams",
            _l("House of dreams"),
            _l("What would you wish for?"),
            "🏰",
            "next",
        ),
        one_question(
            "meeting_come",
            _l("My meeting"),
            Question(
                "meeting.attend",
                Kind.SINGLE,
                _l("Would you like to come to your meeting?"),
                options=COMING,
            ),
            "👋",
            "meeting",
        ),
        one_question(
            "meeting_place",
            _l("My meeting: where"),
            Question(
                "meeting.place",
                Kind.SINGLE,
                _l("Where would you like your meeting to be?"),
                options=PLACES,
            ),
            "📍",
            "meeting",
        ),
        one_question(
            "meeting_people",
            _l("My meeting: who comes"),
            people("meeting.people_wanted", _l("Who would you like to be at your meeting?")),
            "👥",
            "meeting",
        ),
        one_question(
            "meeting_help_run",
            _l("My meeting: helping"),
            Question(
                "meeting.chair",
                Kind.SINGLE,
                _l("Would you like to help run your meeting?"),
                options=HELPING_RUN,
            ),
            "🎤",
            "meeting",
        ),
        one_question(
            "meeting_start",
            _l("My meeting: starting"),
            text(
                "meeting.icebreaker",
                _l("What do you love? We can start your meeting with it."),
            ),
            "⭐",
            "meeting",
        ),
        one_question(
            "meeting_talk_first",
            _l("Talking first"),
            yes_no(
                "meeting.talk_to_iro_first",
                _l("Would you like to talk to the person who runs your meeting, before it?"),
                raises="talk_to_iro",
            ),
            "💬",
            "meeting",
        ),
        one_question(
            "meeting_advocate",
            _l("Someone on your side"),
            yes_no(
                "meeting.advocate",
                _l("Would you like someone on your side to help you say what you think?"),
                _l("This person is called an advocate."),
                raises="advocate",
            ),
            "🤝",
            "meeting",
        ),
    ),
)
