"""The young person's form for children under 8, usually filled in with a carer's help:
pictures, faces, very short sentences, and the Three Houses (good things, worries, dreams),
which the child may rename. Version 1."""

from flask_babel import lazy_gettext as _l

from portal.consultation import wording
from portal.consultation.forms.common import (
    CHILD_ONLY,
    YOUNG_PERSON_THEMES,
    feelings,
    meeting_pages,
    pictures_page,
)
from portal.consultation.schema import Audience, FormDefinition, Kind, Option, Page, Question
from portal.models import Purpose

IMPORTANT_PEOPLE = (
    Option("carers", _l("The people I live with"), "🏠"),
    Option("mum", _l("Mum"), "👩"),
    Option("dad", _l("Dad"), "👨"),
    Option("brothers_sisters", _l("Brothers and sisters"), "👧"),
    Option("grandparents", _l("Grandparents"), "👵"),
    Option("friends", _l("Friends"), "👫"),
    Option("teacher", _l("My teacher"), "🧑‍🏫"),
    Option("pets", _l("Pets"), "🐶"),
)

FUN = (
    Option("playing_outside", _l("Playing outside"), "🛝"),
    Option("drawing", _l("Drawing and making things"), "🎨"),
    Option("games", _l("Games"), "🎲"),
    Option("books", _l("Books and stories"), "📚"),
    Option("tv", _l("TV and films"), "📺"),
    Option("sport", _l("Sport and swimming"), "⚽"),
    Option("music", _l("Music and dancing"), "🎵"),
    Option("animals", _l("Animals"), "🐾"),
)


# Asked alike in both versions of this form.
PEOPLE_QUESTION = Question(
    "family.important_people",
    Kind.MULTIPLE,
    _l("Who is important to you?"),
    _l("Tap all the ones you like."),
    options=IMPORTANT_PEOPLE,
)
FUN_QUESTION = Question(
    "friends.fun",
    Kind.MULTIPLE,
    _l("What do you like doing?"),
    _l("Tap all the ones you like."),
    options=FUN,
)


def house(question_id: str, name: object, prompt: object, picture: str) -> Question:
    return Question(
        question_id,
        Kind.HOUSE,
        prompt,  # type: ignore[arg-type]
        _l("You can give your house a different name."),
        default_name=name,  # type: ignore[arg-type]
        picture=picture,
    )


FORM = FormDefinition(
    key="young_person_under_8",
    version=1,
    title=_l("For children under 8"),
    purpose=Purpose.VIEWS,
    respondents=CHILD_ONLY,
    ages=range(0, 8),
    audience=Audience.UNDER_8,
    wording=wording.CHILD,
    themes=YOUNG_PERSON_THEMES,
    pages=(
        Page(
            "today",
            _l("Today"),
            (
                feelings("feelings.feeling", _l("How do you feel today?")),
                feelings("home.feeling", _l("How do you feel at home?")),
                feelings("education.feeling", _l("How do you feel at school or nursery?")),
            ),
            intro=_l("Tap a face."),
            theme="feelings",
            picture="🙂",
        ),
        Page(
            "people",
            _l("My people"),
            (PEOPLE_QUESTION,),
            theme="family",
            picture="👪",
        ),
        Page(
            "fun",
            _l("Fun"),
            (FUN_QUESTION,),
            theme="friends",
            picture="🎈",
        ),
        Page(
            "house_good",
            _l("The house of good things"),
            (
                house(
                    "going_well.house",
                    _l("House of good things"),
                    _l("What is good? What makes you happy?"),
                    "🏡",
                ),
            ),
            intro=_l("You can write, or someone can write your words for you."),
            theme="going_well",
            picture="🏡",
        ),
        Page(
            "house_worries",
            _l("The house of worries"),
            (
                house(
                    "worries.house",
                    _l("House of worries"),
                    _l("What worries you? What makes you sad or cross?"),
                    "🏚️",
                ),
            ),
            theme="worries",
            picture="🏚️",
        ),
        Page(
            "house_dreams",
            _l("The house of dreams"),
            (
                house(
                    "next.house",
                    _l("House of dreams"),
                    _l("What would you wish for?"),
                    "🏰",
                ),
            ),
            theme="next",
            picture="🏰",
        ),
        pictures_page(Audience.UNDER_8),
        *meeting_pages(Audience.UNDER_8),
    ),
)
