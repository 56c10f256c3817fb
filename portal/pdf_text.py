"""Making the text copied out of a PDF match the text it shows.

WeasyPrint gives each glyph the text of the first cluster it is drawn in, and within a cluster
of several glyphs it gives the whole cluster's text to one glyph and nothing to the others
(WeasyPrint issue #2841, open). So when a letter is drawn with a combining mark (Arabic harakat:
أُ; Vietnamese: u + U+0323), the letter's glyph maps to nothing, and every later plain أ in the
same PDF is lost when the text is copied, searched or read aloud; the mark's glyph takes the
whole cluster, so every later mark repeats the first letter it was seen with.

Before the fonts are embedded, every glyph that the font's own character map (or one of its
single substitutions: Arabic positional forms, stylistic variants) ties to characters is given
its own character instead, unless what it was given already means the same (a ligature such as
"fi" keeps "fi"). Glyphs with no character of their own (ligatures, emoji sequences) keep
WeasyPrint's mapping. The rendering itself does not change.
"""

from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from fontTools.ttLib import TTFont

_PATCHED = "_portal_text_mapping"


def install() -> None:
    """Wrap WeasyPrint's font embedding once per process (see the module docstring)."""
    import weasyprint.pdf

    original = weasyprint.pdf.build_fonts_dictionary
    if getattr(original, _PATCHED, False):
        return

    def build_fonts_dictionary(pdf: Any, fonts: dict[str, Any], *args: Any) -> Any:
        for font in fonts.values():
            correct(font.to_unicode, characters_of_glyphs(font.file_content, font.index))
        return original(pdf, fonts, *args)

    setattr(build_fonts_dictionary, _PATCHED, True)
    weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary


def correct(to_unicode: dict[int, str], own: dict[int, GlyphCharacters]) -> None:
    """Give a glyph its own character where WeasyPrint gave it nothing, or the text of the
    whole cluster it is only part of. A glyph standing for a whole cluster (a ligature such as
    "fi", heh with hamza) keeps the cluster's text."""
    for glyph, text in to_unicode.items():
        characters = own.get(glyph)
        if characters is None:
            continue
        if not text:
            to_unicode[glyph] = _plain(min(characters.preferred))
            continue
        part = next((c for c in sorted(characters.all) if _only_part_of(c, text)), None)
        if part is not None:
            to_unicode[glyph] = _plain(part)


def _only_part_of(character: str, text: str) -> bool:
    mine, cluster = unicodedata.normalize("NFD", character), unicodedata.normalize("NFD", text)
    return mine in cluster and mine != cluster


def _plain(character: str) -> str:
    # A presentation form (an Arabic letter's final form) is written as the letter it is.
    return unicodedata.normalize("NFKC", character)


@dataclass(frozen=True)
class GlyphCharacters:
    preferred: frozenset[str]  # its own characters in the cmap, else those it was made from
    all: frozenset[str]


def characters_of_glyphs(font_file: bytes, index: int = 0) -> dict[int, GlyphCharacters]:
    return _characters_of_glyphs(hashlib.sha256(font_file).hexdigest(), font_file, index)


@functools.lru_cache(maxsize=64)
def _characters_of_glyphs(_digest: str, font_file: bytes, index: int) -> dict[int, GlyphCharacters]:
    """glyph id -> the characters it stands for, from the cmap and single substitutions."""
    font = TTFont(io.BytesIO(font_file), fontNumber=index, lazy=True)
    direct: dict[str, set[str]] = {}
    for codepoint, name in font.getBestCmap().items():
        direct.setdefault(name, set()).add(chr(codepoint))
    derived = {name: set(chars) for name, chars in direct.items()}
    variants = _single_substitutions(font)
    changed = True
    while changed:  # follow chains of substitutions (a letter -> its final form -> ...)
        changed = False
        for source, target in variants:
            if source in derived and not derived.get(target, set()) >= derived[source]:
                derived.setdefault(target, set()).update(derived[source])
                changed = True
    return {
        font.getGlyphID(name): GlyphCharacters(
            preferred=frozenset(direct.get(name) or chars), all=frozenset(chars)
        )
        for name, chars in derived.items()
    }


def _single_substitutions(font: TTFont) -> list[tuple[str, str]]:
    if "GSUB" not in font:
        return []
    pairs = []
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            if lookup.LookupType == 7:  # an extension wraps the real subtable
                subtable = subtable.ExtSubTable
            mapping = getattr(subtable, "mapping", None)
            if subtable.LookupType == 1 and mapping:
                pairs.extend(mapping.items())
    return pairs
