"""The Ethiopic subset holds every letter the portal writes in Tigrinya and Amharic, and the
stylesheet falls through from it to the full font (on screen) and prints with the full font."""

import re
from pathlib import Path

from fontTools.ttLib import TTFont

from portal import font_subsets

STYLESHEET = font_subsets.FONTS.parent / "css" / "portal.css"


def test_the_committed_subsets_hold_every_ethiopic_letter_of_the_catalogues():
    needed = font_subsets.common_ethiopic()
    assert "ት" in needed and "፣" in needed  # the catalogues were read
    for name in font_subsets.SUBSETS.values():
        cmap = TTFont(font_subsets.FONTS / name).getBestCmap()
        missing = sorted(c for c in needed if ord(c) not in cmap)
        assert missing == [], (
            f"{name} lacks {''.join(missing)}: run `make fonts` and commit the subsets"
        )


def test_the_characters_come_from_the_texts_given():
    assert font_subsets.ethiopic_characters(["Kai ሰላም", "ሰላም።"]) == frozenset("ሰላም።")


def test_subsetting_writes_the_same_bytes_twice(tmp_path: Path):
    source = font_subsets.FONTS / next(iter(font_subsets.SUBSETS))
    sizes = [font_subsets.subset_font(source, tmp_path / f"{n}.woff2", "ሰላም") for n in range(2)]
    assert sizes[0] < 5_000
    assert (tmp_path / "0.woff2").read_bytes() == (tmp_path / "1.woff2").read_bytes()


def font_faces(css: str) -> dict[str, list[str]]:
    """{family: [its font files]}."""
    faces: dict[str, list[str]] = {}
    for body in re.findall(r"@font-face\s*{([^}]*)}", css):
        family = re.search(r'font-family:\s*"([^"]+)"', body)
        source = re.search(r'url\("\.\./fonts/([^"]+)"\)', body)
        assert family and source, body
        faces.setdefault(family.group(1), []).append(source.group(1))
    return faces


def stacks(css: str) -> list[list[str]]:
    """Every font-family list outside @font-face rules, as family names."""
    outside = re.sub(r"@font-face\s*{[^}]*}", "", css)
    return [
        [name.strip().strip('"') for name in value.split(",")]
        for value in re.findall(r"font-family:\s*([^;]+);", outside)
    ]


def test_the_screen_lists_the_subset_first_and_the_full_font_after_it():
    css = STYLESHEET.read_text()
    faces = font_faces(css)
    assert sorted(faces["Portal Ethiopic Common"]) == sorted(font_subsets.SUBSETS.values())
    assert sorted(faces["Portal Ethiopic"]) == sorted(font_subsets.SUBSETS)
    screen = next(s for s in stacks(css) if "Portal Ethiopic Common" in s)
    assert screen[:2] == ["Portal Ethiopic Common", "Portal Ethiopic"]


def test_print_and_pdfs_use_only_the_full_font():
    """WeasyPrint merges faces that share a family; the print stack names the full font alone."""
    css = STYLESHEET.read_text()
    printed = [s for s in stacks(css) if "Portal Sans Latin" in s]
    assert printed and all("Portal Ethiopic" in s for s in printed)
    assert all("Portal Ethiopic Common" not in s for s in printed)
