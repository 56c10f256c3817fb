"""The Ethiopic font cut down to what the portal itself writes in Tigrinya and Amharic.

Noto Sans Ethiopic is 75 KB a weight, and a Tigrinya page needs both weights, so a young
person's first question cost four times what the page itself did. The stylesheet lists a subset
first ("Portal Ethiopic Common": every Ethiopic letter of the two catalogues, the dates Babel
writes in those languages, the language names, and the Ethiopic punctuation and numerals), and
the full font after it, so a letter outside the subset (a child's name, words they type) still
shows: the browser fetches the full font only then. Print and PDFs use the full font alone.

`flask --app wsgi subset-fonts` (or `make fonts`) rewrites the subsets;
tests/web/test_font_subsets.py fails when a catalogue gains a letter the committed subset lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, time, timedelta
from pathlib import Path

import click

FONTS = Path(__file__).resolve().parent / "static" / "fonts"
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
LANGUAGES = ("ti", "am")
# The blocks the full font's @font-face covers (besides U+030E, a Latin-script mark).
ETHIOPIC_BLOCKS = ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))
# Wordspace, full stop, comma, semicolon, colon, preface colon, question mark, paragraph
# separator, section mark (U+1360-1368), and the numerals (U+1369-137C): cheap, and a child may
# type them even though the portal writes Latin digits (CLDR's usual digits for am and ti).
PUNCTUATION_AND_NUMERALS = frozenset(chr(c) for c in range(0x1360, 0x137D))
# source (the full font, kept) -> the subset written next to it
SUBSETS = {
    "noto-sans-ethiopic-ethiopic-400-normal.woff2": "noto-sans-ethiopic-common-400-normal.woff2",
    "noto-sans-ethiopic-ethiopic-700-normal.woff2": "noto-sans-ethiopic-common-700-normal.woff2",
}
# Kerning pairs are two thirds of a subset's bytes (GPOS `kern`: 14 KB of 23 per weight) and
# Ethiopic syllables read well without them; the full font, used for print, keeps them.
DROPPED_FEATURES = frozenset({"kern"})


def is_ethiopic(character: str) -> bool:
    return any(start <= ord(character) <= end for start, end in ETHIOPIC_BLOCKS)


def ethiopic_characters(texts: Iterable[str]) -> frozenset[str]:
    """Every Ethiopic character in the texts."""
    return frozenset(c for text in texts for c in text if is_ethiopic(c))


def catalogue_texts(translations: Path = TRANSLATIONS) -> Iterator[str]:
    """Every translated string (msgstr, plural forms too) of the Ethiopic-script catalogues."""
    from babel.messages.pofile import read_po

    for language in LANGUAGES:
        with (translations / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
            for message in read_po(po):
                strings = message.string
                yield from [strings] if isinstance(strings, str) else (strings or ())


def locale_texts() -> Iterator[str]:
    """What the templates write with Babel in these languages: a year of dates in every form
    portal/templating.py uses (so every month and weekday), and times round the clock."""
    from babel import Locale, dates

    for language in LANGUAGES:
        locale = Locale.parse(language)
        for day in range(366):
            when = date(2028, 1, 1) + timedelta(days=day)
            yield dates.format_date(when, "full", locale=locale)
            yield dates.format_skeleton("yMMMd", when, locale=locale)
        for hour in range(24):
            yield dates.format_time(time(hour, 30), "short", locale=locale)
        yield from locale.datetime_formats.values()


def endonym_texts() -> Iterator[str]:
    from portal import i18n

    return (language.endonym for language in i18n.LANGUAGES)


def common_ethiopic(translations: Path = TRANSLATIONS) -> frozenset[str]:
    """The characters the subset must hold."""
    texts = [*catalogue_texts(translations), *locale_texts(), *endonym_texts()]
    return ethiopic_characters(texts) | PUNCTUATION_AND_NUMERALS


def subset_font(source: Path, target: Path, characters: Iterable[str]) -> int:
    """Write the subset of `source` holding `characters` as WOFF2; its size in bytes. The
    same input gives the same bytes (no timestamp is written)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = [f for f in options.layout_features if f not in DROPPED_FEATURES]
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)
    return target.stat().st_size


def write_subsets(fonts: Path = FONTS, translations: Path = TRANSLATIONS) -> dict[str, int]:
    """Rewrite every subset from its full font; {file name: size in bytes}."""
    characters = common_ethiopic(translations)
    return {
        target: subset_font(fonts / source, fonts / target, characters)
        for source, target in SUBSETS.items()
    }


@click.command("subset-fonts")
def subset_fonts_command() -> None:
    """Rewrite the Ethiopic font subsets from the catalogues (after translations change)."""
    characters = common_ethiopic()
    click.echo(f"{len(characters)} Ethiopic characters")
    for name, size in write_subsets().items():
        click.echo(f"{name}: {size:,} bytes")
