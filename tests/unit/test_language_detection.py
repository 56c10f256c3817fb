"""Offline detection of the language free text is written in. The samples are the portal's own
translations: each catalogue's longer sentences must be recognised as that catalogue's language."""

import re

import pytest

from portal import i18n
from portal.language_detection import detect, dominant_script
from tests.unit.test_catalogues import catalogue

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
TRANSLATED = [lang.code for lang in i18n.LANGUAGES if lang.code != "en"]


def samples(code, count=15):
    sentences = [
        PLACEHOLDER.sub("", message.string)
        for message in catalogue(code)
        if message.id
        and isinstance(message.string, str)  # one sentence per message: plurals left out
        and message.string
        and "IRO" not in message.string
    ]
    return sorted(sentences, key=len, reverse=True)[:count]


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_languages_own_sentences_are_recognised(code):
    hint = None if code != "fa_AF" else "fa_AF"  # Dari and Farsi differ little in writing
    results = [detect(sentence, hint=hint) for sentence in samples(code)]
    right = sum(result == code for result in results)
    assert right >= 13, (code, results)


def test_english_is_recognised():
    assert detect("I want to see my brother more and I do not like my new school") == "en"


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("ሰላም", "ti", "ti"),  # too short to tell Tigrinya from Amharic: the page's language decides
        ("ሰላም", "en", None),
        ("Привіт", None, "uk"),
        ("12345 !!!", "ar", None),
        ("", "ar", None),
        ("Kai", "pl", "pl"),  # a name in Latin letters: nothing to go on but the page's language
    ],
)
def test_short_or_ambiguous_text_falls_back_to_the_page_language(text, hint, expected):
    assert detect(text, hint=hint) == expected


def test_free_text_in_another_language_than_the_page():
    # A Tigrinya speaker writing on English pages, and the other way round.
    assert detect("ኣብ ቤት ትምህርቲ ብዙሕ ጽቡቕ እዩ", hint="en") == "ti"
    assert detect("My foster carer is kind", hint="ti") == "en"


def test_scripts():
    assert dominant_script("سلام ሰላም سلام") == "arabic"
    assert dominant_script("ሰላም") == "ethiopic"
