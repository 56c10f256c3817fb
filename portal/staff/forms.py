"""Forms on staff pages (in English: staff pages are not translated)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from portal import i18n, organisation_phrases
from portal.lifecycle import REASON_TITLES as CHANGE_REASON_TITLES
from portal.models import ParticipantRole, ReviewFormat, ReviewKind, Role
from portal.pack import access
from portal.pack.participation import MEANINGS, Contribution
from portal.phones import PhoneField
from portal.transfers import REASON_TITLES

REQUIRED = "Enter {}"
EMAIL_LENGTH = Length(max=320, message="Use 320 characters or fewer")


def record_id(value: object) -> int:
    """A row id from a choice list, or -1 (no row has it) for anything that is not digits that
    fit a database integer: the caller's check then refuses it with its own message."""
    text = str(value)
    return int(text) if text.isdigit() and len(text) <= 9 else -1


class BoundedIntegerField(IntegerField):
    """A whole number of at most `max_digits` digits, refused before it is converted: a
    400-digit number must get a message, not an overflow in a validator or the database."""

    def __init__(self, *args: object, max_digits: int = 6, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.max_digits = max_digits

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and len(valuelist[0].strip().lstrip("+-")) > self.max_digits:
            self.data = None
            raise ValueError(f"Enter a number of at most {self.max_digits} digits")
        super().process_formdata(valuelist)


def options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def required(what: str) -> DataRequired:
    return DataRequired(message=REQUIRED.format(what))


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[required("your email address"), Length(max=320)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[required("your password"), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class SecurityCodeForm(FlaskForm):
    code = StringField(
        "Security code",
        description="The 6-digit code from your authenticator app.",
        validators=[required("the 6-digit code"), Length(max=10)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[required("your current password"), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        description="At least 12 characters, hard to guess: several unrelated words work well.",
        validators=[required("a new password"), Length(max=256)],
        render_kw={"autocomplete": "new-password"},
    )
    new_password_again = PasswordField(
        "Type the new password again",
        validators=[
            required("the new password again"),
            EqualTo("new_password", message="The two new passwords are not the same"),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ChildForm(FlaskForm):
    name = StringField(
        "First or chosen name",
        description="The name the child likes to be called. No surname.",
        validators=[required("the child's first or chosen name"), Length(max=100)],
    )
    date_of_birth = DateField("Date of birth", validators=[required("a date of birth")])
    case_reference = StringField(
        "Case reference",
        description="For example the Mosaic person ID.",
        validators=[required("the case reference"), Length(max=50)],
    )
    looked_after_since = DateField(
        "Date they became looked after", validators=[required("the date they became looked after")]
    )
    preferred_language = SelectField("Preferred language", choices=options(i18n.staff_choices()))
    interpreter_needed = BooleanField("Needs an interpreter")
    uasc = BooleanField("Unaccompanied asylum-seeking child")
    iro_id = SelectField("Allocated IRO", coerce=record_id, validate_choice=False)


class ReviewForm(FlaskForm):
    kind = SelectField(
        "Kind of review",
        choices=options(
            [
                (ReviewKind.FIRST.value, "First review"),
                (ReviewKind.SECOND.value, "Second review"),
                (ReviewKind.SUBSEQUENT.value, "Subsequent review"),
            ]
        ),
    )
    previous_review_on = DateField(
        "Date of the previous review",
        description="Needed for a second or later review; the due date runs from it.",
        validators=[Optional()],
    )
    scheduled_on = DateField(
        "Date of the meeting", validators=[required("the date of the meeting")]
    )
    scheduled_time = TimeField("Time", validators=[required("the time of the meeting")])
    venue = StringField(
        "Where",
        description="For example: at school, at home, or the video-call link is sent separately.",
        validators=[required("where the meeting is"), Length(max=200)],
    )
    format = SelectField(
        "Format",
        choices=options(
            [
                (ReviewFormat.IN_PERSON.value, "In person"),
                (ReviewFormat.VIRTUAL.value, "Virtual"),
                (ReviewFormat.HYBRID.value, "Hybrid"),
            ]
        ),
    )


class InvitationForm(FlaskForm):
    role = SelectField(
        "Who is being invited",
        choices=options(
            [
                (ParticipantRole.CHILD.value, "The child or young person"),
                (ParticipantRole.PARENT.value, "A parent"),
                (ParticipantRole.CARER.value, "A carer"),
                (ParticipantRole.OTHER.value, "Someone else"),
            ]
        ),
    )
    label = StringField(
        "How the letter addresses them",
        description='For example "Mum", "Dad", "Foster carer". Left empty, a default is used.',
        validators=[Optional(), Length(max=100)],
    )
    language = SelectField(
        "Language of the letter and pages", choices=options(i18n.staff_choices())
    )
    notify_email = EmailField(
        "Email address to tell them if the meeting moves (optional)",
        description="Only notices of a new date or a cancellation go there, in their language.",
        validators=[Optional(), EMAIL_LENGTH, Email("Enter a valid email address")],
    )


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change something."""


class StaffForm(FlaskForm):
    name = StringField("Full name", validators=[required("their name"), Length(max=200)])
    email = EmailField(
        "Email address",
        validators=[
            required("their email address"),
            EMAIL_LENGTH,
            Email("Enter a valid email address"),
        ],
    )
    role = SelectField("Role", choices=options([(role.value, role.title) for role in Role]))
    password = PasswordField(
        "First password",
        description="At least 12 characters. Give it to them in person or by phone.",
        validators=[required("a first password"), Length(max=256)],
        render_kw={"autocomplete": "new-password"},
    )


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[required("the organisation's name"), Length(max=200)])
    advocacy_service_name = StringField(
        "Advocacy service", validators=[required("the advocacy service's name"), Length(max=200)]
    )
    advocacy_service_email = EmailField(
        "Advocacy service email", validators=[required("an email address"), EMAIL_LENGTH, Email()]
    )
    independent_visitor_provider_name = StringField(
        "Independent Visitor provider",
        validators=[required("the provider's name"), Length(max=200)],
    )
    independent_visitor_provider_email = EmailField(
        "Independent Visitor provider email",
        validators=[required("an email address"), EMAIL_LENGTH, Email()],
    )
    complaints_email = EmailField(
        "Complaints email", validators=[required("an email"), EMAIL_LENGTH, Email()]
    )
    helpline_text = TextAreaField(
        "Help line shown to participants",
        description="For example: Call the Children's Rights team on 01234 567890.",
        validators=[Length(max=500)],
    )
    worried_adult_text = TextAreaField(
        "Contact shown to parents and carers worried about a child",
        description="For example: Children's services on 01632 960100 (out of hours 01632 960999).",
        validators=[Length(max=500)],
    )
    complaint_reply_working_days = BoundedIntegerField(
        "Working days within which the complaints team replies",
        max_digits=2,
        validators=[InputRequired("Enter a number of working days"), NumberRange(1, 65)],
    )
    out_of_hours_phone = PhoneField(
        "Children's services out of hours (phone)",
        description="Shown to anyone who says a child may not be safe. For example: 0300 123 4567.",
    )
    out_of_hours_text = StringField(
        "Name of the out-of-hours line, shown beside its number",
        description="For example: Emergency Duty Team.",
        validators=[Length(max=200)],
    )
    duty_email = EmailField(
        "Duty email for safety alerts nobody has acknowledged",
        description="Besides the managers. Leave empty to tell only the managers.",
        validators=[Optional(), EMAIL_LENGTH, Email()],
    )
    plain_words = TextAreaField(
        "Your own professional words, for the plain-words checker",
        description=(
            "One a line: the word, an equals sign, what to say to a child instead. "
            "For example: PEP = your school plan."
        ),
        validators=[Length(max=5000)],
    )
    parent_advocacy_offered = BooleanField(
        "Parents can ask the advocacy service for an advocate for themselves"
    )
    data_retention_days = BoundedIntegerField(
        "Keep participants' words for (days after an invitation ends)",
        max_digits=4,
        validators=[InputRequired("Enter a number of days"), NumberRange(30, 3650)],
    )


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def phrase_field_name(key: str) -> str:
    """A form field's name for a phrase: the fixed keys as they are, a venue by a digest of
    its text (a venue may hold any characters, a field name should not)."""
    if not key.startswith(organisation_phrases.VENUE_PREFIX):
        return key
    return "venue_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def phrases_form(
    entries: Sequence[organisation_phrases.Entry], language: i18n.Language
) -> FlaskForm:
    """A box for the translation into `language` of each phrase, filled with what is stored.
    Built per request: which venues are listed depends on the reviews to come."""
    fields = {phrase_field_name(entry.key): _phrase_field(entry, language) for entry in entries}
    form_class = type("PhrasesForm", (FlaskForm,), fields)
    return form_class(
        data={phrase_field_name(entry.key): entry.draft(language) for entry in entries}
    )


def _phrase_field(
    entry: organisation_phrases.Entry, language: i18n.Language
) -> TextAreaField | StringField:
    venue = entry.is_venue
    field_class = StringField if venue else TextAreaField
    return field_class(
        f"{entry.title}: {entry.english}" if venue else entry.title,
        description="" if venue else f"In English: {entry.english}",
        validators=[
            Length(max=entry.max_length, message=f"Use {entry.max_length:,} characters or fewer")
        ],
        filters=[_stripped],
        # Typed in the language itself: the browser picks its keyboard, spelling and direction.
        render_kw={"lang": language.tag, "dir": language.direction},
    )


class PrivateAccessForm(FlaskForm):
    reason = RadioField(
        "Why do you need to read it?",
        choices=options([(reason.value, title) for reason, title in access.REASON_TITLES.items()]),
        validators=[InputRequired("Choose why you need to read it")],
    )


class OutcomeForm(FlaskForm):
    """After the meeting: it was held, how the child took part, and the participation code."""

    held_on = DateField("Date the review was held", validators=[required("the date it was held")])
    attended = RadioField(
        "Did the child attend the meeting (in person or online)?",
        choices=options([("yes", "Yes"), ("no", "No")]),
        validators=[Optional()],
    )
    contribution = RadioField(
        "If they attended, how did they take part?",
        choices=options(
            [
                (Contribution.SPOKE.value, "They spoke for themselves"),
                (Contribution.ADVOCATE_SPOKE.value, "An advocate (or the IRO) spoke for them"),
                (Contribution.NON_VERBAL.value, "They showed their views without words"),
                (Contribution.NONE.value, "They did not contribute"),
            ]
        ),
        validators=[Optional()],
    )
    advocate_briefed = BooleanField(
        "They did not attend, but briefed an advocate or the IRO to speak for them"
    )
    participation_code = RadioField(
        "Participation code",
        choices=options([(code.value, f"{code.value}: {MEANINGS[code]}") for code in MEANINGS]),
        validators=[InputRequired("Choose the participation code")],
    )
    # Only when changing an outcome already confirmed: why (recorded in the audit trail).
    change_reason = RadioField(
        "Why are you changing the outcome?",
        choices=options(
            [
                ("recorded_wrongly", "It was recorded wrongly"),
                ("new_information", "New information about how the child took part"),
                ("date_corrected", "The date it was held was wrong"),
            ]
        ),
        validators=[Optional()],
    )


class RequestStepForm(FlaskForm):
    """Moving a request on. What each step needs is checked in `check` with the step chosen."""

    to = SelectField("Status", choices=[], validate_choice=False)
    # Where the request stood when the page was shown: if someone has moved it since, the step
    # is refused and the page says who did (two people dealing with one alert at once).
    seen = HiddenField()
    allocated_to = StringField(
        "First name of the advocate or Independent Visitor",
        description="Their first name only: the child sees it.",
        validators=[Length(max=60, message="Use 60 characters or fewer")],
    )
    contact_by = DateField(
        "They will contact the child by", validators=[Optional()], format="%Y-%m-%d"
    )
    note = TextAreaField(
        "What was done, or the outcome",
        description="For an alert: the action taken. For closing: the outcome.",
        validators=[Length(max=2000, message="Use 2,000 characters or fewer")],
    )

    def check(self, allowed: frozenset[str], alert: bool) -> bool:
        valid = self.validate_on_submit()
        if self.to.data not in allowed:
            self.to.errors = ["Choose one of the next steps"]
            return False
        if self.to.data == "allocated":
            if not (self.allocated_to.data or "").strip():
                self.allocated_to.errors = ["Enter the first name of who is allocated"]
                valid = False
            if self.contact_by.data is None and not self.contact_by.errors:
                self.contact_by.errors = ["Enter the date they will make contact by"]
                valid = False
        needs_note = self.to.data == "closed" or (alert and self.to.data == "acknowledged")
        if needs_note and not (self.note.data or "").strip():
            self.note.errors = ["Enter the action taken" if alert else "Enter the outcome"]
            valid = False
        return valid


class TransferForm(FlaskForm):
    """Handing a child, or every child of one IRO, to another IRO."""

    from_iro_id = SelectField("Move every child of", coerce=record_id, validate_choice=False)
    to_iro_id = SelectField("To", coerce=record_id, validate_choice=False)
    reason = RadioField(
        "Why",
        choices=options([(reason.value, title) for reason, title in REASON_TITLES.items()]),
        validators=[InputRequired("Choose why")],
    )


def _change_reasons() -> list[SelectChoice]:
    return options([(reason.value, title) for reason, title in CHANGE_REASON_TITLES.items()])


class MoveReviewForm(FlaskForm):
    scheduled_on = DateField("New date", validators=[required("the new date")])
    scheduled_time = TimeField("Time", validators=[required("the time of the meeting")])
    reason = RadioField(
        "Why is it moving?", choices=_change_reasons(), validators=[InputRequired("Choose why")]
    )
    late_confirmed = BooleanField("I know the new date is after the statutory date")


class CancelReviewForm(FlaskForm):
    reason = RadioField(
        "Why is it cancelled?", choices=_change_reasons(), validators=[InputRequired("Choose why")]
    )


class ChildLetterForm(FlaskForm):
    """The letter to the child: written to them, in plain words."""

    talked_about = TextAreaField(
        "What we talked about",
        description='Write to the child: "We talked about ...".',
        validators=[Length(max=5000, message="Use 5,000 characters or fewer")],
    )
    decided = TextAreaField(
        "What was decided",
        validators=[Length(max=5000, message="Use 5,000 characters or fewer")],
    )
    actions = TextAreaField(
        "Who will do what, by when",
        description='For example: "Sam, your social worker, will book your dentist by 20 March."',
        validators=[Length(max=5000, message="Use 5,000 characters or fewer")],
    )
    adult_version = TextAreaField(
        "A version for the parents and carers you choose (optional)",
        description="Left empty, they read the letter to the child.",
        validators=[Length(max=5000, message="Use 5,000 characters or fewer")],
    )


class MidpointForm(FlaskForm):
    """The midpoint note to the child (Signs of Success)."""

    working_well = TextAreaField(
        "What's working well",
        validators=[Length(max=5000, message="Use 5,000 characters or fewer")],
    )
    worried_about = TextAreaField(
        "What we're worried about",
        validators=[Length(max=5000, message="Use 5,000 characters or fewer")],
    )
    needs_to_happen = TextAreaField(
        "What needs to happen",
        validators=[Length(max=5000, message="Use 5,000 characters or fewer")],
    )


class AdjournReviewForm(FlaskForm):
    part_one_on = DateField(
        "The day the first part was held", validators=[required("the day of the first part")]
    )
    scheduled_on = DateField("The day it continues", validators=[required("the day it continues")])
    scheduled_time = TimeField("Time", validators=[required("the time it continues")])
