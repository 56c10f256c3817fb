"""Forms on participants' pages. Every message is translated."""

from __future__ import annotations

from typing import Any, ClassVar

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from portal import i18n, invitation_secret
from portal.models import AdvocacyReason, ContactMethod, ContactTime, RequestKind
from portal.phones import PhoneField
from portal.requests.raising import RequestDetails


class CodeForm(FlaskForm):
    code = StringField(
        _l("Your code"),
        description=_l("It is on your letter, for example ABCD-EFGH-JKMN."),
        validators=[
            DataRequired(message=_l("Enter the code from your letter")),
            Length(max=40, message=_l("The code is 12 letters and numbers long")),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class LanguageForm(FlaskForm):
    language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice(lang.code, lang.endonym, {"lang": lang.tag, "dir": lang.direction})
            for lang in i18n.LANGUAGES
        ],
    )
    next = HiddenField()


def picture_choices() -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, (_emoji, label) in invitation_secret.PICTURES.items()]


def _picture_field(label: object) -> RadioField:
    # Choices are checked by invitation_secret.pictures_value, with a message in their language.
    return RadioField(label, choices=picture_choices(), validate_choice=False)


class ChoosePinForm(FlaskForm):
    pin = PasswordField(
        _l("Your secret number"),
        description=_l("4, 5 or 6 numbers that you will remember. Not your birthday."),
        validators=[DataRequired(message=_l("Type a secret number"))],
        render_kw={"inputmode": "numeric", "autocomplete": "new-password", "maxlength": 6},
    )
    pin_again = PasswordField(
        _l("Type it again"),
        validators=[
            DataRequired(message=_l("Type your secret number again")),
            EqualTo("pin", message=_l("The two numbers are not the same")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "new-password", "maxlength": 6},
    )


class EnterPinForm(FlaskForm):
    pin = PasswordField(
        _l("Your secret number"),
        validators=[DataRequired(message=_l("Type your secret number"))],
        render_kw={"inputmode": "numeric", "autocomplete": "current-password", "maxlength": 6},
    )


class PicturesForm(FlaskForm):
    first = _picture_field(_l("First picture"))
    second = _picture_field(_l("Second picture"))
    third = _picture_field(_l("Third picture"))

    def chosen(self) -> list[str]:
        return [field.data or "" for field in (self.first, self.second, self.third)]


# What someone can ask for on the request pages: a key for each choice, what it raises.
WANTS: dict[str, tuple[RequestKind, AdvocacyReason | None]] = {
    "advocate_review": (RequestKind.ADVOCATE, AdvocacyReason.REVIEW),
    "advocate_complaint": (RequestKind.ADVOCATE, AdvocacyReason.COMPLAINT),
    "advocate_other": (RequestKind.ADVOCATE, AdvocacyReason.OTHER),
    "independent_visitor": (RequestKind.INDEPENDENT_VISITOR, None),
    "talk_to_iro": (RequestKind.TALK_TO_IRO, None),
}
CHILD_WANTS = {
    "advocate_review": _l("I want an advocate to help me say something at my review"),
    "advocate_complaint": _l("I want an advocate to help me make a complaint"),
    "advocate_other": _l("I want an advocate for something else"),
    "independent_visitor": _l(
        "I want an Independent Visitor: someone to visit me and do things with me"
    ),
    "talk_to_iro": _l("I want to talk to my IRO, the person who runs my meeting"),
}
ADULT_WANTS = {
    "advocate_review": _l("An advocate for me, to help me say something at the review"),
    "advocate_complaint": _l("An advocate for me, to help me make a complaint"),
    "advocate_other": _l("An advocate for me, for something else"),
}
CONTACT_METHODS = {
    ContactMethod.PHONE: _l("Phone call"),
    ContactMethod.TEXT: _l("Text message"),
    ContactMethod.EMAIL: _l("Email"),
    ContactMethod.CARER: _l("Through my carer"),
}
CONTACT_TIMES = {
    ContactTime.ANY: _l("Any time"),
    ContactTime.MORNING: _l("Mornings"),
    ContactTime.AFTERNOON: _l("Afternoons"),
    ContactTime.AFTER_SCHOOL: _l("After school or college"),
    ContactTime.EVENING: _l("Evenings"),
}
YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


class RequestForm(FlaskForm):
    """Asking for help: what, a few words about it, how and when to make contact, safely, and
    in which language. Every choice is from a list; only "about" is free text."""

    want = RadioField(_l("What would you like?"), validate_choice=False)
    about = TextAreaField(
        _l("What is it about? (optional)"),
        description=_l("A few words are enough. You can leave this empty."),
        validators=[Length(max=1000, message=_l("Use 1,000 characters or fewer"))],
    )
    contact_method = RadioField(
        _l("How should we contact you?"),
        choices=[SelectChoice(key.value, label) for key, label in CONTACT_METHODS.items()],
        validate_choice=False,
    )
    phone = PhoneField(_l("Phone number"), description=_l("For a phone call or a text message."))
    email = StringField(
        _l("Email address"),
        validators=[Length(max=320, message=_l("Use 320 characters or fewer"))],
        render_kw={"autocomplete": "email", "inputmode": "email", "dir": "ltr"},
    )
    message_ok = RadioField(
        _l("Is it OK to leave a message?"),
        description=_l("Say no if someone else might hear or read it."),
        choices=YES_NO,
        validate_choice=False,  # checked in validate(): not asked when contact is through a carer
    )
    contact_time = RadioField(
        _l("When is a good time?"),
        choices=[SelectChoice(key.value, label) for key, label in CONTACT_TIMES.items()],
        default=ContactTime.ANY.value,
        validate_choice=False,
    )
    language = SelectField(
        _l("Which language do you want to use?"),
        choices=[
            SelectChoice(lang.code, lang.endonym, {"lang": lang.tag, "dir": lang.direction})
            for lang in i18n.LANGUAGES
        ],
        validate_choice=False,
    )
    interpreter = RadioField(
        _l("Do you need an interpreter?"), choices=YES_NO, default="no", validate_choice=False
    )
    # A choice outside the list gets the same message as no choice, in the reader's language
    # (WTForms' own "Not a valid choice" is not translated into every language we serve).
    CHOOSE: ClassVar[dict[str, Any]] = {
        "want": _l("Choose what you would like"),
        "contact_method": _l("Choose how we should contact you"),
        "contact_time": _l("Choose a good time"),
        "language": _l("Choose a language from the list"),
        "interpreter": _l("Say if you need an interpreter"),
    }

    def __init__(self, *args: Any, wants: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.want.choices = [SelectChoice(key, label) for key, label in wants.items()]
        if wants is ADULT_WANTS:  # an adult asking for themselves has no carer to go through
            self.contact_method.choices = [
                choice for choice in self.contact_method.choices if choice.value != "carer"
            ]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for name, message in self.CHOOSE.items():
            field = self[name]
            if field.data not in {choice.value for choice in field.choices}:
                field.errors = [message]
                valid = False
        method = self.contact_method.data
        if method in {ContactMethod.PHONE, ContactMethod.TEXT} and not self.phone.data:
            if not self.phone.errors:
                self.phone.errors = [_l("Enter the phone number to use")]
            valid = False
        if method != ContactMethod.CARER and self.message_ok.data not in {"yes", "no"}:
            self.message_ok.errors = [_l("Say if it is OK to leave a message")]
            valid = False
        if method == ContactMethod.EMAIL:
            try:
                validate_email(self.email.data or "", check_deliverability=False)
            except EmailNotValidError:
                self.email.errors = [_l("Enter an email address, like name@example.com")]
                valid = False
        return valid

    def details(self, for_themselves: bool = False) -> RequestDetails:
        kind, reason = WANTS[self.want.data or ""]
        method = ContactMethod(self.contact_method.data)
        return RequestDetails(
            kind=kind,
            reason=reason,
            about=(self.about.data or "").strip(),
            contact_method=method,
            phone=self.phone.data if method in {ContactMethod.PHONE, ContactMethod.TEXT} else "",
            email=(self.email.data or "").strip() if method is ContactMethod.EMAIL else "",
            message_ok=self.message_ok.data == "yes",
            contact_time=ContactTime(self.contact_time.data),
            language=self.language.data or "",
            interpreter_needed=self.interpreter.data == "yes",
            for_themselves=for_themselves,
        )


class SelfReferralForm(RequestForm):
    """The public page: the same, with a first name, a field people never see (a bot fills it
    in) and when the form was shown, signed (a bot sends it at once)."""

    first_name = StringField(
        _l("Your first name"),
        validators=[
            DataRequired(message=_l("Enter your first name")),
            Length(max=60, message=_l("Use 60 characters or fewer")),
        ],
        render_kw={"autocomplete": "given-name"},
    )
    website = StringField(
        _l("Leave this empty"), render_kw={"autocomplete": "off", "tabindex": "-1"}
    )
    shown = HiddenField()
