"""The languages the portal ships, and how a request's language is chosen.

Participant pages speak the participant's language: what they picked, else their invitation's
language, else what their browser asks for. Staff pages are in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context, request, session


@dataclass(frozen=True)
class Language:
    code: str  # the gettext catalogue and Babel locale, e.g. "fa_AF"
    endonym: str  # the language's name in its own script
    english_name: str
    direction: str = "ltr"

    @property
    def tag(self) -> str:
        """The BCP 47 tag for `lang` attributes and speech synthesis."""
        return self.code.replace("_", "-")


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English"),
    Language("ar", "العربية", "Arabic", "rtl"),
    Language("ps", "پښتو", "Pashto", "rtl"),
    Language("fa_AF", "دری", "Dari", "rtl"),
    Language("fa", "فارسی", "Farsi", "rtl"),
    Language("ckb", "کوردیی ناوەندی", "Kurdish Sorani", "rtl"),
    Language("ti", "ትግርኛ", "Tigrinya"),
    Language("am", "አማርኛ", "Amharic"),
    Language("vi", "Tiếng Việt", "Vietnamese"),
    Language("sq", "Shqip", "Albanian"),
    Language("uk", "Українська", "Ukrainian"),
    Language("pl", "Polski", "Polish"),
    Language("ro", "Română", "Romanian"),
    Language("cy", "Cymraeg", "Welsh"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
DEFAULT = BY_CODE["en"]
# Accept-Language uses BCP 47 tags; match them case-insensitively to our codes.
_BY_TAG = {language.tag.lower(): language.code for language in LANGUAGES}


def language(code: str | None) -> Language:
    return BY_CODE.get(code or "", DEFAULT)


def named(words: str) -> Language | None:
    """The language someone named by its code, its own name or its English name, if we know it
    ("ትግርኛ", "tigrinya", "ti")."""
    wanted = words.strip().casefold()
    return next(
        (
            language
            for language in LANGUAGES
            if wanted
            in {
                language.code.casefold(),
                language.endonym.casefold(),
                language.english_name.casefold(),
            }
        ),
        None,
    )


def is_supported(code: str | None) -> bool:
    return code in BY_CODE


def choices() -> list[tuple[str, str]]:
    """(code, "endonym") pairs for a language picker."""
    return [(lang.code, lang.endonym) for lang in LANGUAGES]


def staff_choices() -> list[tuple[str, str]]:
    """(code, "English name (endonym)") pairs for staff forms."""
    return [
        (
            lang.code,
            lang.english_name if lang is DEFAULT else f"{lang.english_name} ({lang.endonym})",
        )
        for lang in LANGUAGES
    ]


def from_accept_language() -> str | None:
    for tag, _quality in request.accept_languages:
        tag = tag.lower()
        if tag in _BY_TAG:
            return _BY_TAG[tag]
        primary = tag.split("-")[0]
        if primary in _BY_TAG:
            return _BY_TAG[primary]
    return None


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    if not has_request_context():
        return DEFAULT.code
    if request.blueprint == "staff":
        return DEFAULT.code
    chosen = session.get("language")
    if is_supported(chosen):
        return str(chosen)
    # The invitation loaded for this request, or (on pages outside the participants' blueprint,
    # such as a 404) the language it had when the session began.
    invitation_language = g.get("invitation_language") or session.get("invitation_language")
    if is_supported(invitation_language):
        return str(invitation_language)
    return from_accept_language() or DEFAULT.code
