"""What every template can use: the page's language, dates in the reader's locale, static URLs."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import cache
from pathlib import Path

from flask import Flask, current_app, g, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale

from portal import i18n
from portal.caseload import invitation_state
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
        language_name=language_name,
        invitation_state=invitation_state,
        number=format_decimal,
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


def long_date(value: date | datetime) -> str:
    """ "Tuesday, 15 December 2026" in the reader's language (datetimes shown in UK time)."""
    return format_date(value, "full")


def short_date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return format_datetime(value, "d MMM y")
    return format_date(value, "d MMM y")


def time_of_day(value: datetime) -> str:
    return format_time(value, "short")


def date_and_time(value: datetime) -> str:
    return format_datetime(value, "d MMM y, HH:mm")


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
