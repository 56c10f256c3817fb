"""Pieces the forms for adults share: how things are going, the Signs of Safety questions, how
they will join the meeting and the support they need, and what is only for the IRO."""

from __future__ import annotations

from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l

from portal import i18n
from portal.consultation.forms.common import YOUNG_PERSON_THEMES, text
from portal.consultation.schema import Kind, Option, Page, Question, Theme

THEMES_BY_KEY = {theme.key: theme for theme in YOUNG_PERSON_THEMES}
ADULT_THEMES = (
    Theme("how_going", "How things are going for the child"),
    THEMES_BY_KEY["health"],
    THEMES_BY_KEY["education"],
    THEMES_BY_KEY["feelings"],
    THEMES_BY_KEY["friends"],
    THEMES_BY_KEY["home"],
    THEMES_BY_KEY["family"],
    Theme("working_well", "What is working well"),
    Theme("worried_about", "What they are worried about"),
    Theme("needs_to_happen", "What they think needs to happen"),
    Theme("carer_support", "Support the carer needs"),
    Theme("passing_on", "Things the child asked them to pass on"),
    Theme("joining", "Joining the meeting"),
    Theme("private_note", "Told to the IRO privately"),
)

GOING = (
    Option("very_well", _l("Very well")),
    Option("well", _l("Well")),
    Option("mixed", _l("Some good, some not")),
    Option("not_well", _l("Not well")),
    Option("badly", _l("Badly")),
    Option("dont_know", _l("I don't know")),
)

JOINING = (
    Option("in_person", _l("In person")),
    Option("online", _l("Online, on a video call")),
    Option("phone", _l("By phone")),
    Option("views_only", _l("I cannot join, but I want my views shared")),
    Option("not_sure", _l("Not sure yet")),
)

SUPPORT = (
    Option("interpreter", _l("An interpreter")),
    Option("access", _l("Help with access, for example a ramp, a hearing loop or large print")),
    Option("someone_with_me", _l("Someone to come with me")),
    Option("other_time", _l("A meeting at a different time of day")),
)


def _language_label(language: i18n.Language) -> str:
    """A language by its own name; in English (as staff read packs) with its English name too."""
    if str(get_locale() or "en") == "en" and language is not i18n.DEFAULT:
        return f"{language.english_name} ({language.endonym})"
    return language.endonym


# Languages are a choice list, never free text, and "another language" for the rest.
LANGUAGES = (
    *(Option(language.code, LazyString(_language_label, language)) for language in i18n.LANGUAGES),
    Option("other", _l("Another language")),
)


def going(question_id: str, label: object) -> Question:
    return Question(question_id, Kind.SINGLE, label, options=GOING)  # type: ignore[arg-type]


def signs_of_safety(prefix: str) -> tuple[Page, ...]:
    """What is working well, what they are worried about, what needs to happen."""
    return (
        Page(
            "working_well",
            _l("What is working well"),
            (text(f"{prefix}.working_well", _l("What is working well for the child?")),),
            theme="working_well",
        ),
        Page(
            "worried_about",
            _l("What you are worried about"),
            (text(f"{prefix}.worried_about", _l("What are you worried about?")),),
            theme="worried_about",
        ),
        Page(
            "needs_to_happen",
            _l("What needs to happen"),
            (text(f"{prefix}.needs_to_happen", _l("What do you think needs to happen next?")),),
            theme="needs_to_happen",
        ),
    )


def joining(prefix: str) -> Page:
    return Page(
        "joining",
        _l("Joining the meeting"),
        (
            Question(
                f"{prefix}.join",
                Kind.SINGLE,
                _l("Would you like to join the meeting?"),
                options=JOINING,
            ),
            Question(
                f"{prefix}.support",
                Kind.MULTIPLE,
                _l("Do you need any of these to take part?"),
                _l("Choose all that apply, or none."),
                options=SUPPORT,
                raises=(("interpreter", "interpreter"),),
            ),
            Question(
                f"{prefix}.interpreter_language",
                Kind.SINGLE,
                _l("If you need an interpreter, in which language?"),
                options=LANGUAGES,
                detail_for="interpreter",
            ),
            text(
                f"{prefix}.support_words",
                _l("Is there anything else that would help you take part?"),
            ),
        ),
        theme="joining",
    )


def private_note(prefix: str) -> Page:
    return Page(
        "private",
        _l("Only for the IRO"),
        (
            text(
                f"{prefix}.private",
                _l("Is there anything you want to tell the IRO privately?"),
                _l("Leave it as only for the IRO, and it will not be shared at the meeting."),
            ),
        ),
        theme="private_note",
    )
