"""Pieces every version of the young person's form shares: the five faces, yes / no / not sure,
and the "My meeting" pages (the same question ids in every version, worded for each age)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.consultation.schema import Audience, Kind, Option, Page, Question, Theme
from portal.models import ParticipantRole

# The pack's groups for what children and young people tell us.
YOUNG_PERSON_THEMES = (
    Theme("meeting", "How they want the meeting held"),
    Theme("home", "Home, or where they live"),
    Theme("education", "School, college or work"),
    Theme("health", "Health"),
    Theme("feelings", "Feelings"),
    Theme("friends", "Friends and hobbies"),
    Theme("family", "Family time and who they want to see"),
    Theme("workers", "Social worker and IRO"),
    Theme("independence", "Getting ready for adult life"),
    Theme("going_well", "What is going well"),
    Theme("worries", "Worries"),
    Theme("next", "What they want to happen next"),
    Theme("pictures", "Pictures, drawings and voice messages"),
)
CHILD_ONLY = frozenset({ParticipantRole.CHILD})

FACES = (
    Option("1", _l("Very sad"), "😢"),
    Option("2", _l("Sad"), "🙁"),
    Option("3", _l("OK"), "😐"),
    Option("4", _l("Happy"), "🙂"),
    Option("5", _l("Very happy"), "😄"),
)

YES_NO_NOT_SURE = (
    Option("yes", _l("Yes"), "👍"),
    Option("no", _l("No"), "👎"),
    Option("not_sure", _l("Not sure"), "🤔"),
)


def feelings(question_id: str, label: object, hint: object = None) -> Question:
    return Question(question_id, Kind.FEELINGS, label, hint, FACES)  # type: ignore[arg-type]


def yes_no(question_id: str, label: object, hint: object = None, raises: str = "") -> Question:
    """Yes / no / not sure; `raises` is the request for help that a yes asks for."""
    return Question(
        question_id,
        Kind.YES_NO,
        label,  # type: ignore[arg-type]
        hint,  # type: ignore[arg-type]
        YES_NO_NOT_SURE,
        raises=(("yes", raises),) if raises else (),
    )


def text(question_id: str, label: object, hint: object = None, picture: str = "") -> Question:
    return Question(question_id, Kind.TEXT, label, hint, picture=picture)  # type: ignore[arg-type]


def people(question_id: str, label: object, hint: object = None) -> Question:
    return Question(question_id, Kind.PEOPLE, label, hint)  # type: ignore[arg-type]


PLACES = (
    Option("home", _l("At home, where I live"), "🏠"),
    Option("school", _l("At school or college"), "🏫"),
    Option("council_office", _l("At a council office"), "🏢"),
    Option("online", _l("Online, on a video call"), "💻"),
    Option("somewhere_else", _l("Somewhere else"), "📍"),
)

CHAIRING = (
    Option("chair", _l("I would like to run my meeting"), "🎤"),
    Option("help_chair", _l("I would like to help run it"), "🤝"),
    Option("iro_chair", _l("I would like my IRO to run it"), "🙂"),
    Option("not_sure", _l("Not sure"), "🤔"),
)

ATTENDING = (
    Option("all", _l("Yes, for all of it"), "✅"),
    Option("part", _l("Yes, for part of it"), "⏱️"),
    Option("no", _l("No, but I want my views to be shared"), "✉️"),
    Option("not_sure", _l("Not sure"), "🤔"),
)


def pictures_page(audience: Audience) -> Page:
    """Where a young person adds a photo of a poster or drawing, draws, or records their voice."""
    young = audience is Audience.UNDER_8
    return Page(
        "pictures",
        _l("Pictures and drawings") if young else _l("Pictures, drawings and voice messages"),
        (),
        intro=_l(
            "You can send a photo of a poster or a drawing, draw a picture here, or record a voice message. This is up to you."
        ),
        theme="pictures",
        picture="🎨",
        attachments=True,
    )


def meeting_pages(audience: Audience) -> tuple[Page, ...]:
    """The "My meeting" pages: where, who, running it, starting it, private topics, support."""
    young = audience is Audience.UNDER_8
    return (
        Page(
            "meeting_place",
            _l("My meeting: where"),
            (
                Question(
                    "meeting.attend",
                    Kind.SINGLE,
                    _l("Would you like to come to your meeting?"),
                    options=ATTENDING,
                ),
                Question(
                    "meeting.place",
                    Kind.SINGLE,
                    _l("Where would you like your meeting to be?"),
                    options=PLACES,
                ),
                text(
                    "meeting.place_other",
                    _l("If somewhere else, where?"),
                    _l("For example a café, a park or a family centre."),
                ),
            ),
            intro=_l("Your meeting is about you. You can help decide how it happens."),
            theme="meeting",
            picture="📍",
        ),
        Page(
            "meeting_people",
            _l("My meeting: who comes"),
            (
                people(
                    "meeting.people_wanted",
                    _l("Who would you like to be at your meeting?"),
                    _l("For example your carer, a teacher, a friend or someone from your family."),
                ),
                people(
                    "meeting.people_not_wanted",
                    _l("Is there anyone you do not want at your meeting?"),
                ),
            ),
            theme="meeting",
            picture="👥",
        ),
        Page(
            "meeting_running",
            _l("My meeting: running it"),
            (
                Question(
                    "meeting.chair",
                    Kind.SINGLE,
                    _l("Would you like to help run your meeting?")
                    if young
                    else _l("Would you like to run (chair) your meeting, or help run it?"),
                    _l("Some young people run their own meeting, with their IRO helping."),
                    options=CHAIRING,
                ),
                text(
                    "meeting.icebreaker",
                    _l("What would you like to start your meeting with?")
                    if not young
                    else _l("What do you love? We can start your meeting with it."),
                    _l(
                        "A question, a game or something you love. One young person asked: "
                        "if you could be a character from Harry Potter, who would you be?"
                    ),
                ),
            ),
            theme="meeting",
            picture="🎤",
        ),
        Page(
            "meeting_private",
            _l("My meeting: things to keep private"),
            (
                text(
                    "meeting.topics_to_avoid",
                    _l("Is there anything you do not want talked about in front of some people?"),
                    _l(
                        "Tell us what it is and who should not hear it. Your IRO can raise it "
                        "with you or for you in another way."
                    ),
                ),
            ),
            theme="meeting",
            picture="🔒",
        ),
        Page(
            "meeting_support",
            _l("My meeting: help and support"),
            (
                yes_no(
                    "meeting.talk_to_iro_first",
                    _l("Would you like to talk to your IRO before the meeting?"),
                    raises="talk_to_iro",
                ),
                yes_no(
                    "meeting.advocate",
                    _l(
                        "Would you like an advocate to help you say what you want, or to speak "
                        "for you?"
                    ),
                    _l(
                        "An advocate is someone who is on your side. They do not work for "
                        "children's services."
                    ),
                    raises="advocate",
                ),
                yes_no(
                    "meeting.interpreter",
                    _l("Do you need an interpreter at your meeting?"),
                    raises="interpreter",
                ),
                Question(
                    "meeting.interpreter_language",
                    Kind.TEXT,
                    _l("If yes, which language?"),
                    detail_for="interpreter",
                ),
            ),
            theme="meeting",
            picture="🤝",
        ),
    )
