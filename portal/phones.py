"""Phone numbers, with Google's libphonenumber (the `phonenumbers` package): UK numbers as people
write them ("07700 900123", "+44 7700 900123") and international ones with their country code.
Stored as E.164, shown in the UK's national format (or international, for other countries)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import phonenumbers
from flask_babel import lazy_gettext as _l
from wtforms import StringField

DEFAULT_REGION = "GB"


def normalised(text: str) -> str | None:
    """The number in E.164 ("+447700900123"), or None if it is not a possible, valid number."""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class ShownNumber:
    text: str  # as people read it: "01632 960999"
    tel: str  # for a tel: link: "+441632960999"


def shown(e164: str) -> ShownNumber | None:
    if not e164:
        return None
    number = phonenumbers.parse(e164, DEFAULT_REGION)
    uk = number.country_code == phonenumbers.country_code_for_region(DEFAULT_REGION)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if uk
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return ShownNumber(phonenumbers.format_number(number, style), e164)


class PhoneField(StringField):
    """A phone number field: its data is E.164, or "" when left empty; anything else is refused
    with a message in the reader's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        self.raw = text
        self.data = ""
        if not text:
            return
        number = normalised(text[:40]) if len(text) <= 40 else None
        if number is None:
            raise ValueError(_l("Enter a phone number, like 07911 123456 or +44 7911 123456"))
        self.data = number

    def _value(self) -> str:
        return getattr(self, "raw", None) or shown_text(self.data)


def shown_text(e164: str | None) -> str:
    number = shown(e164 or "")
    return number.text if number else ""
