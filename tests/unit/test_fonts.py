"""The language picker's font subsets cover every language's name in its own script."""

from pathlib import Path

from fontTools.ttLib import TTFont

from portal import i18n
from portal.language_detection import script_of

FONTS = Path(__file__).resolve().parents[2] / "portal" / "static" / "fonts"


def test_endonym_subsets_cover_every_language_name():
    subsets = {
        "ethiopic": TTFont(FONTS / "endonyms-ethiopic.woff2").getBestCmap(),
        "arabic": TTFont(FONTS / "endonyms-arabic.woff2").getBestCmap(),
    }
    for language in i18n.LANGUAGES:
        for character in language.endonym.replace(" ", ""):
            script = script_of(character)
            if script in subsets:
                assert ord(character) in subsets[script], (language.code, character)
