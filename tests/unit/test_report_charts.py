"""Report charts as inline SVG: well-formed, accessible, free of inline styles (the Content
Security Policy forbids them), escaped, and drawn to scale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from portal.reports import charts
from portal.reports.tables import Chart, Column, Table

NS = "{http://www.w3.org/2000/svg}"

LABEL = Column("team", "Team", "text")
REVIEWS = Column("reviews", "Reviews")
SHARE = Column("share", "Share of reviews", "percent")


def counts(rows, key="by-team", **kwargs) -> Table:
    return Table(
        key=key,
        title="Reviews by team",
        description="Reviews held in the year, by the team of the child's social worker.",
        columns=(LABEL, REVIEWS),
        rows=rows,
        chart=Chart("team", ("reviews",)),
        **kwargs,
    )


def stacked(rows) -> Table:
    return Table(
        key="answers",
        title="Invitations answered",
        description="Invitations sent, by language and whether they were answered.",
        columns=(
            Column("language", "Language", "text"),
            Column("answered", "Answered"),
            Column("unanswered", "Not answered"),
            Column("late", "Answered late"),
        ),
        rows=rows,
        chart=Chart("language", ("answered", "unanswered", "late"), stacked=True),
    )


def parse(markup: str | None) -> ET.Element:
    assert markup is not None
    return ET.fromstring(str(markup))  # noqa: S314  (our own output, not untrusted XML)


def layer(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f"{NS}g[@class='{name}']")
    assert found is not None, name
    return found


def bars(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{NS}rect[@class='bar']")


def texts(element: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in element.findall(f"{NS}text")]


def width(rect: ET.Element) -> float:
    return float(rect.get("width", "nan"))


def test_returns_markup_so_templates_do_not_escape_it():
    assert isinstance(charts.svg(counts([("North", 3)])), Markup)


def test_is_scalable_accessible_svg():
    root = parse(charts.svg(counts([("North", 10), ("South", 40)])))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox", ""))
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Reviews by team"
    assert desc.text == (
        "Reviews held in the year, by the team of the child's social worker. Largest: South (40)."
    )


def test_no_inline_styles_anywhere():
    markup = charts.svg(stacked([("English", 40, 12, 7), ("Tigrinya", 10, 5, 1)]))
    root = parse(markup)
    assert all("style" not in element.attrib for element in root.iter())
    assert root.find(f".//{NS}style") is None
    assert "style" not in str(markup)


def test_labels_and_titles_are_escaped():
    label = "<script>alert(\"x\")</script> & 'Team'"
    table = Table(
        key="escape",
        title='Reviews <by> team & "more"',
        description="A <b>bold</b> claim.",
        columns=(LABEL, REVIEWS),
        rows=[(label, 5)],
        chart=Chart("team", ("reviews",)),
    )
    markup = str(charts.svg(table))
    assert "<script>" not in markup and "<b>" not in markup
    root = parse(markup)
    assert "".join(layer(root, "labels").itertext()) == label
    assert root.findtext(f"{NS}title") == 'Reviews <by> team & "more"'
    assert root.findtext(f"{NS}desc", "").startswith("A <b>bold</b> claim.")


def test_tigrinya_and_arabic_labels_survive():
    root = parse(charts.svg(counts([("ትግርኛ", 4), ("العربية", 6)])))
    assert texts(layer(root, "labels")) == ["ትግርኛ", "العربية"]


def test_characters_xml_forbids_are_dropped():
    root = parse(charts.svg(counts([("North\x00\x0bteam", 4)])))
    assert texts(layer(root, "labels")) == ["Northteam"]


def test_one_bar_per_row_drawn_to_scale_with_its_value_at_the_end():
    root = parse(charts.svg(counts([("North", 10), ("South", 40), ("East", 25)])))
    north, south, east = bars(root)
    assert width(south) / width(north) == pytest.approx(4, rel=0.01)
    assert width(east) / width(north) == pytest.approx(2.5, rel=0.01)
    assert width(south) == pytest.approx(charts.PLOT_WIDTH)  # the largest count fills the plot
    values = layer(root, "values").findall(f"{NS}text")
    assert [value.text for value in values] == ["10", "40", "25"]
    for bar, value in zip((north, south, east), values, strict=True):
        assert float(value.get("x", "0")) > float(bar.get("x", "0")) + width(bar)


def test_large_counts_are_printed_with_thousands_separators():
    root = parse(charts.svg(counts([("North", 1234), ("South", 0)])))
    assert texts(layer(root, "values")) == ["1,234", "0"]
    assert len(bars(root)) == 1  # nothing to draw for zero, but its value is still printed


def test_none_counts_as_zero():
    root = parse(charts.svg(counts([("North", None), ("South", 8)])))
    assert texts(layer(root, "values")) == ["0", "8"]


def test_percentages_are_drawn_on_a_scale_of_0_to_100():
    table = Table(
        key="share",
        title="Share of reviews",
        description="Share of reviews held on time.",
        columns=(LABEL, SHARE),
        rows=[("North", 50.0), ("South", 25.0)],
        chart=Chart("team", ("share",)),
    )
    root = parse(charts.svg(table))
    half, quarter = bars(root)
    assert width(half) == pytest.approx(charts.PLOT_WIDTH / 2, abs=0.1)
    assert width(quarter) == pytest.approx(charts.PLOT_WIDTH / 4, abs=0.1)
    assert texts(layer(root, "values")) == ["50.0%", "25.0%"]


def test_stacked_bars_have_segments_values_and_a_legend():
    root = parse(charts.svg(stacked([("English", 40, 12, 8), ("ትግርኛ", 20, 6, 4)])))
    legend = layer(root, "legend")
    assert texts(legend) == ["Answered", "Not answered", "Answered late"]
    keys = legend.findall(f"{NS}rect")
    segments = bars(root)
    assert len(segments) == 6
    # Each segment is the colour of its column's key, and the keys are all different.
    assert [segment.get("fill") for segment in segments[:3]] == [k.get("fill") for k in keys]
    assert len({key.get("fill") for key in keys}) == 3
    # Segments of one row sit end to end, to scale: the longest total fills the plot.
    english = segments[:3]
    assert sum(width(segment) for segment in english) == pytest.approx(charts.PLOT_WIDTH, abs=0.2)
    assert width(english[0]) / width(english[1]) == pytest.approx(40 / 12, rel=0.01)
    assert texts(layer(root, "values")) == ["60", "30"]  # totals at the end of each bar
    assert texts(layer(root, "segment-values"))[:3] == ["40", "12", "8"]
    assert root.findtext(f"{NS}desc", "").endswith("Largest total: English (60).")


def test_side_by_side_bars_when_not_stacked():
    table = stacked([("English", 40, 12, 8)])
    table = Table(**{**table.__dict__, "chart": Chart("language", ("answered", "late"))})
    root = parse(charts.svg(table))
    assert len(bars(root)) == 2
    assert texts(layer(root, "legend")) == ["Answered", "Answered late"]
    assert texts(layer(root, "values")) == ["40", "8"]
    assert root.findtext(f"{NS}desc", "").endswith("Largest: English, Answered (40).")


@pytest.mark.parametrize(
    "table",
    [
        counts([("North", 0), ("South", None)]),
        counts([]),
        Table("plain", "Plain", "Read, not drawn.", (LABEL, REVIEWS), [("North", 4)]),
    ],
    ids=["all zero", "no rows", "no chart"],
)
def test_nothing_to_draw_gives_none(table):
    assert charts.svg(table) is None


def test_ids_are_unique_per_table_and_safe():
    first = parse(charts.svg(counts([("North", 1)], key="by-team")))
    second = parse(charts.svg(counts([("North", 1)], key="by-language")))
    odd = [parse(charts.svg(counts([("North", 1)], key=key))) for key in ("A_b", "a.b", "a b")]
    ids = [
        element.get("id")
        for root in (first, second, *odd)
        for element in root.iter()
        if element.get("id")
    ]
    assert len(ids) == 10 and len(set(ids)) == 10
    assert all(re.fullmatch(r"[a-z0-9-]+", ident) for ident in ids)


def test_long_labels_wrap_onto_at_most_three_lines():
    label = "Looked after children and care leavers team for the east of the county " * 3
    root = parse(charts.svg(counts([(label, 3)])))
    spans = layer(root, "labels").findall(f".//{NS}tspan")
    assert len(spans) == 3
    assert spans[0].text == "Looked after children"
    assert (spans[-1].text or "").endswith("…")


def test_same_table_same_bytes_and_small():
    labels = ["Children's services North", "Disabled children's team", "Leaving care (16+)"]
    rows = [(f"{labels[n % 3]} {n}", n * 7) for n in range(20)]
    assert charts.svg(counts(rows)) == charts.svg(counts(list(rows)))
    assert len(str(charts.svg(counts(rows))).encode()) < 6000
