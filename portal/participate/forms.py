"""Forms on participants' pages. Every message is translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from portal import i18n, invitation_secret


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
