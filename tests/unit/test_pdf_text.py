"""Each glyph of a PDF maps back to its own characters (portal/pdf_text.py)."""

from portal.pdf_text import GlyphCharacters, correct


def own(*characters: str) -> GlyphCharacters:
    return GlyphCharacters(preferred=frozenset(characters), all=frozenset(characters))


def test_a_letter_given_nothing_gets_its_own_character():
    to_unicode = {1: "", 2: "أُ"}  # WeasyPrint: alef with damma, the letter given nothing
    correct(to_unicode, {1: own("أ"), 2: own("\u064f")})
    assert to_unicode == {1: "أ", 2: "\u064f"}


def test_a_mark_given_its_whole_cluster_keeps_only_itself():
    to_unicode = {5: "", 9: "ụ"}  # u + combining dot below, drawn as two glyphs
    correct(to_unicode, {5: own("u"), 9: own("\u0323")})
    assert to_unicode == {5: "u", 9: "\u0323"}


def test_a_glyph_for_a_whole_cluster_keeps_the_cluster():
    to_unicode = {3: "fi", 4: "ه\u0654", 7: "🧑\u200d💼"}
    correct(to_unicode, {3: own("\ufb01"), 4: own("\ufba5")})  # the emoji has no cmap entry
    assert to_unicode == {3: "fi", 4: "ه\u0654", 7: "🧑\u200d💼"}


def test_a_presentation_form_is_written_as_its_letter():
    to_unicode = {8: ""}
    correct(to_unicode, {8: own("\ufba5")})
    assert to_unicode == {8: "\u06c0"}


def test_a_glyph_shared_by_two_letters_keeps_the_one_it_was_drawn_as():
    to_unicode = {6: "А"}  # Cyrillic A, in a font drawing Latin and Cyrillic A alike
    correct(to_unicode, {6: own("A", "А")})
    assert to_unicode == {6: "А"}
