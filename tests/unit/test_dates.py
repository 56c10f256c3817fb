"""Dates and times as a reader expects them: British English in GOV.UK style, every other
language in its own CLDR patterns and digits, always in UK time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask_babel import force_locale

from portal import templating

FRIDAY = datetime(2027, 1, 8, 16, 0, tzinfo=UTC)  # winter: UK time is UTC


@pytest.fixture(autouse=True)
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context("/"):
        yield


def in_locale(code: str, format_it, value):
    with force_locale(code):
        return format_it(value)


def at(hour: int, minute: int = 0) -> datetime:
    return FRIDAY.replace(hour=hour, minute=minute)


def test_english_long_date_is_british_without_a_comma():
    assert in_locale("en", templating.long_date, FRIDAY) == "Friday 8 January 2027"
    assert in_locale("en", templating.long_date, date(2027, 1, 8)) == "Friday 8 January 2027"


def test_english_short_date():
    assert in_locale("en", templating.short_date, FRIDAY) == "8 Jan 2027"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (at(16), "Friday 8 January 2027 at 4pm"),
        (at(16, 30), "Friday 8 January 2027 at 4:30pm"),
        (at(9, 5), "Friday 8 January 2027 at 9:05am"),
        (at(12), "Friday 8 January 2027 at midday"),
        (at(0), "Friday 8 January 2027 at midnight"),
    ],
)
def test_english_date_at_time_in_govuk_style(when, expected):
    assert in_locale("en", templating.date_at_time, when) == expected


def test_english_time_of_day():
    assert in_locale("en", templating.time_of_day, at(16, 35)) == "4:35pm"
    assert in_locale("en", templating.time_of_day, at(12, 30)) == "12:30pm"
    assert in_locale("en", templating.time_of_day, at(0, 15)) == "12:15am"


def test_summer_times_are_shown_in_uk_time():
    summer = datetime(2027, 7, 1, 15, 0, tzinfo=UTC)  # British Summer Time: UTC+1
    assert in_locale("en", templating.date_at_time, summer) == "Thursday 1 July 2027 at 4pm"
    late = datetime(2027, 7, 1, 23, 30, tzinfo=UTC)  # already the next day in the UK
    assert in_locale("en", templating.long_date, late) == "Friday 2 July 2027"
    assert in_locale("en", templating.short_date, late) == "2 Jul 2027"
    assert in_locale("fa", templating.time_of_day, summer) == "۱۶:۰۰"
    assert in_locale("pl", templating.date_at_time, summer) == "czwartek, 1 lipca 2027 16:00"


def test_staff_date_and_time_is_english_too():
    assert in_locale("en", templating.date_and_time, at(16, 30)) == "8 Jan 2027 at 4:30pm"


ARABIC_INDIC = set("٠١٢٣٤٥٦٧٨٩")
EXTENDED_ARABIC_INDIC = set("۰۱۲۳۴۵۶۷۸۹")
LATIN = set("0123456789")


def digits(text: str) -> set[str]:
    return {character for character in text if character.isdigit()}


@pytest.mark.parametrize("code", ["fa", "fa_AF", "ps"])
def test_persian_and_pashto_use_extended_arabic_indic_digits(code):
    text = in_locale(code, templating.date_at_time, at(16, 30))
    assert digits(text) and digits(text) <= EXTENDED_ARABIC_INDIC, text
    assert digits(in_locale(code, templating.number, 5000)) <= EXTENDED_ARABIC_INDIC


def test_farsi_combines_date_and_time_with_its_own_words():
    text = in_locale("fa", templating.date_at_time, at(16, 30))
    assert text == "جمعه ۸ ژانویه ۲۰۲۷، ساعت ۱۶:۳۰"


def test_sorani_uses_arabic_indic_digits():
    text = in_locale("ckb", templating.date_at_time, at(16, 30))
    assert digits(text) and digits(text) <= ARABIC_INDIC, text
    assert in_locale("ckb", templating.number, 5000) == "٥٬٠٠٠"


def test_arabic_keeps_latin_digits_as_cldr_says():
    text = in_locale("ar", templating.date_at_time, at(16, 30))
    assert digits(text) and digits(text) <= LATIN, text
    assert "يناير" in text
    assert " at " not in text


def test_tigrinya_has_the_ethiopic_month_name():
    text = in_locale("ti", templating.long_date, FRIDAY)
    assert "ጥሪ" in text
    assert "January" not in text


def test_english_numbers_keep_their_digits():
    assert in_locale("en", templating.number, 5000) == "5,000"
