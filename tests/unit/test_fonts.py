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


def test_no_pdf_font_splits_a_letter_into_base_and_mark():
    """WeasyPrint maps a shared mark glyph to the text of its first letter, so a font whose
    substitutions split precomposed letters (ọ into o + U+0323) garbles a PDF's text."""
    for path in sorted(FONTS.glob("*.woff2")):
        font = TTFont(path)
        if "GSUB" not in font:
            continue
        gsub = font["GSUB"].table
        used = {
            i for record in gsub.FeatureList.FeatureRecord for i in record.Feature.LookupListIndex
        }
        splitting = [i for i in used if gsub.LookupList.Lookup[i].LookupType == 2]
        assert splitting == [], path.name
