"""The gettext catalogues: complete, no fuzzy entries, placeholders intact, up to date."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal import i18n

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
TRANSLATED = [language.code for language in i18n.LANGUAGES if language.code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalogue(code):
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=code)


def template_ids():
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        return {message.id for message in read_po(f) if message.id}


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_without_fuzzy_entries(code):
    messages = [message for message in catalogue(code) if message.id]
    untranslated = [m.id for m in messages if not m.string or not all(m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_match(code):
    for message in catalogue(code):
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # a plural: every form names the plural's values
            expected = set(PLACEHOLDER.findall(message.id[1]))
            for form in message.string:
                assert set(PLACEHOLDER.findall(form)) == expected, (message.id, form)
        else:
            expected = sorted(PLACEHOLDER.findall(message.id))
            assert sorted(PLACEHOLDER.findall(message.string)) == expected, message.id


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_translation_keeps_a_piece_of_its_english(code):
    """A long piece of the English source left in its translation is English on the page."""
    left = []
    for message in catalogue(code):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in sources:
            for piece in (part.strip(" .,:") for part in PLACEHOLDER.split(source)):
                if len(piece) >= 12 and any(piece in text for text in translations):
                    left.append(piece)
    assert left == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_holds_every_message_of_the_template(code):
    ids = {message.id for message in catalogue(code) if message.id}
    assert template_ids() <= ids


def test_template_is_up_to_date_with_the_code(tmp_path):
    """Fails when someone adds a string and forgets `make translations-update`."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as f:
        current = {message.id for message in read_po(f) if message.id}
    assert current == template_ids()
