"""Feedback after the review, for everyone who was invited: the young person's on one screen
with faces, and the adults', which also asks whether the IRO explained things and what could be
better. Either can say thank you (a compliment, sent to the IRO and the service) or make a
complaint (sent to the organisation's complaints team). Version 1 of each."""

from flask_babel import lazy_gettext as _l

from portal.consultation import wording
from portal.consultation.forms.common import CHILD_ONLY, text
from portal.consultation.schema import FormDefinition, Kind, Option, Page, Question, Theme
from portal.models import ParticipantRole, Purpose

FEEDBACK_THEMES = (
    Theme("how_it_went", "How the meeting went"),
    Theme("could_be_better", "What could be better"),
    Theme("compliment_or_complaint", "A thank you or a complaint"),
)

FACES = (
    Option("yes", _l("Yes"), "🙂"),
    Option("a_bit", _l("A bit"), "😐"),
    Option("no", _l("No"), "🙁"),
)

YES_PARTLY_NO = (
    Option("yes", _l("Yes")),
    Option("partly", _l("Partly")),
    Option("no", _l("No")),
    Option("not_sure", _l("Not sure")),
)

# What an answer to "Is there anything else?" raises: see portal/consultation/notices.py.
SAY = (
    ("thank_you", "compliment"),
    ("complaint", "complaint"),
)


def anything_else(prefix: str, *, young: bool) -> Page:
    return Page(
        "anything_else",
        _l("Anything else?"),
        (
            Question(
                f"{prefix}.say",
                Kind.SINGLE,
                _l("Is there anything else you want to do?"),
                options=(
                    Option("nothing", _l("No, that is all")),
                    Option("thank_you", _l("Say thank you"), "💐" if young else ""),
                    Option("complaint", _l("Make a complaint"), "📣" if young else ""),
                ),
                raises=SAY,
            ),
            text(
                f"{prefix}.words",
                _l("Tell us more, if you want to"),
                _l("If you are making a complaint, say what it is about."),
            ),
        ),
        theme="compliment_or_complaint",
    )


def one_choice(question_id: str, label: object, options: tuple[Option, ...]) -> Question:
    return Question(question_id, Kind.SINGLE, label, options=options)  # type: ignore[arg-type]


CHILD = FormDefinition(
    key="feedback_young_person",
    version=1,
    title=_l("How did your meeting go?"),
    purpose=Purpose.FEEDBACK,
    respondents=CHILD_ONLY,
    wording=wording.CHILD_FEEDBACK,
    themes=FEEDBACK_THEMES,
    pages=(
        Page(
            "how_it_went",
            _l("How did your meeting go?"),
            (
                one_choice(
                    "feedback.how_wanted", _l("Was your meeting where and how you wanted?"), FACES
                ),
                one_choice("feedback.listened", _l("Did you feel listened to?"), FACES),
                one_choice(
                    "feedback.understood", _l("Did you understand what was decided?"), FACES
                ),
            ),
            intro=_l("Tap a face for each one."),
            theme="how_it_went",
        ),
        anything_else("feedback", young=True),
    ),
)

ADULT = FormDefinition(
    key="feedback_adult",
    version=1,
    title=_l("How did the meeting go?"),
    purpose=Purpose.FEEDBACK,
    respondents=frozenset({ParticipantRole.PARENT, ParticipantRole.CARER, ParticipantRole.OTHER}),
    wording=wording.ADULT_FEEDBACK,
    themes=FEEDBACK_THEMES,
    pages=(
        Page(
            "how_it_went",
            _l("How did the meeting go?"),
            (
                one_choice(
                    "feedback.how_wanted",
                    _l("Was the meeting held where and how you wanted?"),
                    YES_PARTLY_NO,
                ),
                one_choice("feedback.listened", _l("Did you feel listened to?"), YES_PARTLY_NO),
                one_choice(
                    "feedback.understood", _l("Did you understand what was decided?"), YES_PARTLY_NO
                ),
                one_choice(
                    "feedback.explained", _l("Did the IRO explain things clearly?"), YES_PARTLY_NO
                ),
            ),
            theme="how_it_went",
        ),
        Page(
            "could_be_better",
            _l("What could be better"),
            (text("feedback.better", _l("What could have been better?")),),
            theme="could_be_better",
        ),
        anything_else("feedback", young=False),
    ),
)
