"""Forms on participants' pages. Every message is translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal import i18n


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
