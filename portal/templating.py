"""What every template can use: the page's language, dates in the reader's locale, static URLs."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale, dates
from babel.numbers import format_decimal
from flask import Flask, current_app, g, url_for
from flask_babel import get_locale, to_user_timezone

# caseload imports, through lifecycle, this module: its function is reached at init_app.
from portal import caseload, explained_terms, i18n
from portal.models import Invitation


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        languages=i18n.LANGUAGES,
        page_language=page_language,
        static_url=static_url,
        iro_first_name=iro_first_name,
    )
    app.jinja_env.filters.update(
        long_date=long_date,
        short_date=short_date,
        time_of_day=time_of_day,
        date_and_time=date_and_time,
        date_at_time=date_at_time,
        language_name=language_name,
        invitation_state=caseload.invitation_state,
        explain_iro=explained_terms.explain_iro,
        number=number,
        duration=duration,
    )


def iro_first_name(invitation: Invitation | None = None) -> str | None:
    """The first name of the IRO of an invitation's review (a child knows their IRO by it);
    without one, of the participant's own session."""
    invitation = invitation or g.get("participant_invitation")
    iro = invitation.review.child.iro if invitation is not None else None
    return iro.name.split()[0] if iro else None


def page_language() -> i18n.Language:
    locale = get_locale()
    return i18n.language(str(locale) if locale else None)


@cache
def _fingerprint(path: str) -> str:
    full = Path(current_app.static_folder or "") / path
    return hashlib.sha256(full.read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    """A static file's URL with a content fingerprint, so it can be cached for a long time."""
    return url_for("static", filename=path, v=_fingerprint(path))


# Digits of the numbering systems CLDR makes usual for our languages (Babel prints Latin ones).
_DIGITS = {
    "arab": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    "arabext": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
}
_BRITISH = Locale.parse("en_GB")


def _locale() -> Locale:
    """The page's locale; English is read in the UK, so British English."""
    locale = get_locale() or _BRITISH
    return _BRITISH if locale.language == "en" else locale


def _english() -> bool:
    return _locale().language == "en"


def _uk(value: date | datetime) -> date | datetime:
    """A datetime in UK time (BABEL_DEFAULT_TIMEZONE); a date as it is."""
    return to_user_timezone(value) if isinstance(value, datetime) else value


def own_digits(text: str) -> str:
    """Formatted text with the digits usual for the page's language: Babel writes Latin
    digits even where CLDR says a language uses its own (Farsi, Dari, Pashto, Sorani)."""
    table = _DIGITS.get(_locale().default_numbering_system)
    return text.translate(table) if table else text


def number(value: float) -> str:
    return own_digits(format_decimal(value, locale=_locale(), numbering_system="default"))


def long_date(value: date | datetime) -> str:
    """ "Friday 8 January 2027" (GOV.UK style: no comma), or the language's own full date."""
    locale = _locale()
    pattern = "EEEE d MMMM y" if _english() else "full"
    return own_digits(dates.format_date(_uk(value), pattern, locale=locale))


def short_date(value: date | datetime) -> str:
    """ "8 Jan 2027", or the language's own day, short month and year."""
    return own_digits(dates.format_skeleton("yMMMd", _uk(value), locale=_locale()))


def time_of_day(value: datetime) -> str:
    """ "4pm", "4:30pm", "midday", "midnight" (GOV.UK style), or the language's short time."""
    when = to_user_timezone(value)
    if not _english():
        return own_digits(dates.format_time(when, "short", locale=_locale()))
    return _english_time(when.hour, when.minute)


def _english_time(hour: int, minute: int) -> str:
    if minute == 0 and hour in (0, 12):
        return "midnight" if hour == 0 else "midday"
    minutes = f":{minute:02d}" if minute else ""
    return f"{(hour - 1) % 12 + 1}{minutes}{'am' if hour < 12 else 'pm'}"


def _combined(day: str, time: str, width: str) -> str:
    """A date and a time joined as the language joins them (CLDR's pattern, so no English
    "at" in Farsi): "{1}، ساعت {0}"."""
    if _english():
        return f"{day} at {time}"
    pattern = _locale().datetime_formats[width].replace("'", "")
    return pattern.replace("{1}", day).replace("{0}", time)


def date_at_time(value: datetime) -> str:
    """ "Friday 8 January 2027 at 4pm", in UK time."""
    return _combined(long_date(value), time_of_day(value), "full")


def date_and_time(value: datetime) -> str:
    """ "8 Jan 2027 at 4pm", shorter for tables on staff pages."""
    return _combined(short_date(value), time_of_day(value), "medium")


def language_name(code: str) -> str:
    """ "Tigrinya (ትግርኛ)" for staff pages."""
    language = i18n.language(code)
    if language is i18n.DEFAULT:
        return language.english_name
    return f"{language.english_name} ({language.endonym})"


def duration(seconds: float | None) -> str:
    """A recording's length as minutes and seconds: 1:05."""
    whole = round(seconds or 0)
    return f"{whole // 60}:{whole % 60:02d}"
