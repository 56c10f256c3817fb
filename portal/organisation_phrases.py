"""The organisation's own phrases in the participant's language: its help line, its contact for
adults worried about a child, the name of its out-of-hours line and the venues of its reviews.

Staff type them in English (the organisation's settings, a review's venue), and English stays
there. An administrator may add a translation for each other language. Where none is stored,
or the English has changed since it was translated, the English is shown, marked as English so
that screen readers and translation tools treat it as such, and the settings page flags the gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import audit, i18n
from portal.extensions import db
from portal.models import (
    Child,
    Organisation,
    OrganisationPhrase,
    Review,
    ReviewStatus,
    StaffUser,
)
from portal.models.base import utcnow

HELPLINE = "helpline"
WORRIED_ADULT = "worried_adult"
OUT_OF_HOURS = "out_of_hours"
VENUE_PREFIX = "venue:"

# Translations are for every language but English, which is where staff type the original.
LANGUAGES: tuple[i18n.Language, ...] = tuple(
    language for language in i18n.LANGUAGES if language is not i18n.DEFAULT
)


@dataclass(frozen=True)
class Kind:
    """One of the organisation's fixed phrases, as the settings page names it."""

    key: str
    title: str
    max_length: int


KINDS: tuple[Kind, ...] = (
    Kind(HELPLINE, "Help line shown to children and young people", 500),
    Kind(WORRIED_ADULT, "Contact shown to parents and carers worried about a child", 500),
    Kind(OUT_OF_HOURS, "Name of the out-of-hours line", 200),
)
VENUE_TITLE = "Venue"
VENUE_MAX_LENGTH = 200  # as long as a review's venue may be


def venue_key(venue: str) -> str:
    return VENUE_PREFIX + venue


def translatable(code: str) -> i18n.Language | None:
    """The language with this code if phrases can be translated into it (not English)."""
    language = i18n.BY_CODE.get(code)
    return language if language is not None and language is not i18n.DEFAULT else None


def english(organisation: Organisation, key: str) -> str:
    """The English a key stands for: what staff typed, and the fallback in every language."""
    if key.startswith(VENUE_PREFIX):
        return key.removeprefix(VENUE_PREFIX)
    return {
        HELPLINE: organisation.helpline_text,
        WORRIED_ADULT: organisation.worried_adult_text,
        OUT_OF_HOURS: organisation.out_of_hours_text,
    }[key].strip()


@dataclass(frozen=True)
class Phrase:
    """Text to show and the language it is actually in, for its `lang` and `dir`."""

    text: str
    language: i18n.Language

    @property
    def is_english(self) -> bool:
        """Whether this is the English staff typed (no translation, or an English page)."""
        return self.language is i18n.DEFAULT


class Phrasebook:
    """An organisation's phrases in one language. Its translations are read with one query, the
    first time a phrase is asked for, however many phrases the page shows."""

    def __init__(self, organisation: Organisation, language: i18n.Language) -> None:
        self.organisation = organisation
        self.language = language

    @cached_property
    def _translations(self) -> dict[str, tuple[str, str]]:
        """Key -> (translation, the English it translates)."""
        if self.language is i18n.DEFAULT:
            return {}
        rows = db.session.execute(
            select(
                OrganisationPhrase.key, OrganisationPhrase.text, OrganisationPhrase.english
            ).where(
                OrganisationPhrase.organisation_id == self.organisation.id,
                OrganisationPhrase.language == self.language.code,
            )
        )
        return {key: (text, source) for key, text, source in rows}

    def phrase(self, key: str) -> Phrase:
        source = english(self.organisation, key)
        if not source:
            # Without English there is nothing to say: a translation of a help line the
            # organisation has since removed must not linger in other languages.
            return Phrase("", i18n.DEFAULT)
        translation, translated_from = self._translations.get(key, ("", ""))
        if translation and translated_from == source:
            return Phrase(translation, self.language)
        return Phrase(source, i18n.DEFAULT)

    def venue(self, venue: str) -> Phrase:
        return self.phrase(venue_key(venue.strip()))

    @property
    def helpline(self) -> Phrase:
        return self.phrase(HELPLINE)

    @property
    def worried_adult(self) -> Phrase:
        return self.phrase(WORRIED_ADULT)

    @property
    def out_of_hours(self) -> Phrase:
        return self.phrase(OUT_OF_HOURS)


def phrasebook(organisation: Organisation, code: str) -> Phrasebook:
    """The organisation's phrases in the language with this code (English if unknown). Within a
    request the same phrasebook is handed out again, so a page queries once."""
    language = i18n.language(code)
    if not has_request_context():
        return Phrasebook(organisation, language)
    books: dict[tuple[int, str], Phrasebook] = g.setdefault("phrasebooks", {})
    return books.setdefault((organisation.id, language.code), Phrasebook(organisation, language))


def phrase(organisation: Organisation, key: str, code: str) -> Phrase:
    """The phrase `key` in the language `code`, else its English."""
    return phrasebook(organisation, code).phrase(key)


@dataclass(frozen=True)
class Entry:
    """A phrase on the settings page: its English, and its translations by language code;
    `outdated` ones translate English that has changed since, and are not shown."""

    key: str
    title: str
    english: str
    max_length: int
    translations: Mapping[str, str]
    outdated: Mapping[str, str]

    @property
    def is_venue(self) -> bool:
        return self.key.startswith(VENUE_PREFIX)

    def missing_in(self) -> list[i18n.Language]:
        return [language for language in LANGUAGES if language.code not in self.translations]

    def draft(self, language: i18n.Language) -> str:
        """What the translation box starts with: an outdated translation is kept to correct."""
        code = language.code
        return self.translations.get(code) or self.outdated.get(code, "")


def upcoming_venues(organisation: Organisation) -> list[str]:
    """The distinct venues of the organisation's reviews still to come."""
    rows = db.session.execute(
        select(Review.venue)
        .join(Child)
        .where(
            Child.organisation_id == organisation.id,
            Review.status == ReviewStatus.SCHEDULED,
            Review.scheduled_at > utcnow(),
            Review.venue != "",
        )
        .distinct()
        .order_by(Review.venue)
    )
    return [venue.strip() for venue in rows.scalars()]


def entries(organisation: Organisation) -> list[Entry]:
    """Every phrase the organisation can translate now, with its translations: the fixed ones
    that have English, and the venues of reviews to come. Two queries in all."""
    stored: dict[str, list[OrganisationPhrase]] = {}
    for row in db.session.execute(
        select(OrganisationPhrase).where(OrganisationPhrase.organisation_id == organisation.id)
    ).scalars():
        stored.setdefault(row.key, []).append(row)
    fixed = [(kind.key, kind.title, kind.max_length) for kind in KINDS]
    venues = [(venue_key(v), VENUE_TITLE, VENUE_MAX_LENGTH) for v in upcoming_venues(organisation)]
    return [
        _entry(key, title, english(organisation, key), max_length, stored.get(key, []))
        for key, title, max_length in [*fixed, *venues]
        if english(organisation, key)
    ]


def _entry(
    key: str, title: str, source: str, max_length: int, rows: list[OrganisationPhrase]
) -> Entry:
    current = {row.language: row.text for row in rows if row.english == source}
    outdated = {row.language: row.text for row in rows if row.english != source}
    return Entry(key, title, source, max_length, current, outdated)


def missing(organisation: Organisation) -> list[tuple[str, str]]:
    """(key, language code) of every phrase shown in English for want of a translation."""
    return [
        (entry.key, language.code)
        for entry in entries(organisation)
        for language in entry.missing_in()
    ]


def save(
    organisation: Organisation,
    language: i18n.Language,
    texts: Mapping[str, str],
    *,
    by: StaffUser,
) -> bool:
    """Store the translations into `language` of the phrases given by key: an empty text
    removes one, so the English is shown again. False, with nothing stored, if another
    administrator added one of them at the same moment."""
    assert language is not i18n.DEFAULT, "English is kept where staff typed it"
    existing = {
        row.key: row
        for row in db.session.execute(
            select(OrganisationPhrase).where(
                OrganisationPhrase.organisation_id == organisation.id,
                OrganisationPhrase.language == language.code,
                OrganisationPhrase.key.in_(list(texts)),
            )
        ).scalars()
    }
    changed = sum(
        _apply(organisation, language, key, text.strip(), existing.get(key))
        for key, text in texts.items()
        if english(organisation, key)  # nothing to translate: nothing is stored
    )
    audit.record(
        "organisation.phrases",
        organisation_id=organisation.id,
        staff=by,
        language=language.code,
        changed=changed,
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    g.pop("phrasebooks", None)  # what this request reads next must include the change
    return True


def _apply(
    organisation: Organisation,
    language: i18n.Language,
    key: str,
    text: str,
    row: OrganisationPhrase | None,
) -> bool:
    """Add, change or remove one translation; whether anything changed. Saving it again as it
    is confirms it still fits the English of now."""
    source = english(organisation, key)
    if row is None:
        if text:
            db.session.add(
                OrganisationPhrase(
                    organisation_id=organisation.id,
                    key=key,
                    language=language.code,
                    text=text,
                    english=source,
                )
            )
        return bool(text)
    if not text:
        db.session.delete(row)
        return True
    if (row.text, row.english) == (text, source):
        return False
    row.text, row.english = text, source
    return True
