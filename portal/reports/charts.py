"""Report charts as inline SVG, drawn on the server from the same `Table` the page and the CSV
show, so the picture can never disagree with the figures beside it.

Bars are horizontal, one row per table row with its label on the left, because labels (teams,
languages, reasons) are long and a phone or a printed page has more height than width. The
SVG carries no `style` attribute and no `<style>` element, since the Content Security Policy
forbids inline styles: colours, sizes and alignment are presentation attributes. Layout is
computed in viewBox units with `width="100%"`, so the chart scales with its container.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup, escape

from portal.reports.tables import Chart, Column, Table

WIDTH = 480  # viewBox units: narrow, so text stays legible when a phone scales the chart down
LABEL_WIDTH = 170  # labels end here; bars start here
VALUE_ROOM = 64  # after the longest bar, for its printed value
PLOT_LEFT = LABEL_WIDTH
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_ROOM  # what 100% (or the largest count) is drawn as
FONT_SIZE = 14
SEGMENT_FONT_SIZE = 12
LINE_HEIGHT = 17
BAR_HEIGHT = 18
GROUP_GAP = 2  # between the bars of one row when several columns are drawn side by side
ROW_GAP = 10
PADDING = 8
KEY_SIZE = 12
LEGEND_LINE = 20
MAX_LABEL_LINES = 3
LABEL_EMS = (LABEL_WIDTH - 12) / FONT_SIZE  # room for a label line, in ems
TEXT_COLOUR = "#0b0c0c"  # GOV.UK text colour

# (fill, colour of a value printed on it), from the GOV.UK palette, each pair at least 4.5:1.
# Ordered so neighbouring segments differ in lightness as well as hue, which keeps them apart
# in greyscale print and for the common colour-blindnesses; values are printed too, so colour
# is never the only way to tell segments apart.
PALETTE = (
    ("#1d70b8", "#ffffff"),
    ("#f47738", TEXT_COLOUR),
    ("#003078", "#ffffff"),
    ("#00703c", "#ffffff"),
    ("#912b88", "#ffffff"),
    ("#505a5f", "#ffffff"),
    ("#d4351c", "#ffffff"),
)

# Characters XML forbids (a label pasted from elsewhere could hold one) would break the page.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Letters a proportional font draws at about half the usual width.
_NARROW = frozenset(" .,:;'!|()[]ijlrtfI")


@dataclass
class _Drawing:
    """The chart's parts, collected in layers so shared attributes are written once."""

    y: float = PADDING
    legend: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    bars: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    inside: list[str] = field(default_factory=list)


def svg(table: Table) -> Markup | None:
    """The table's chart as inline SVG, or None when it has no chart or nothing to draw."""
    chart = table.chart
    if chart is None or not table.rows:
        return None
    columns = _value_columns(table, chart)
    label_at = _index(table, chart.label_column)
    rows = [(_label(row[label_at]), [_number(row[i]) for i, _ in columns]) for row in table.rows]
    if not any(value for _, values in rows for value in values):
        return None
    kinds = [column.kind for _, column in columns]
    scale = _scale(rows, kinds, chart.stacked)
    drawing = _Drawing()
    if len(columns) > 1:
        _draw_legend(drawing, [column.title for _, column in columns])
    for label, values in rows:
        _draw_row(drawing, label, values, kinds, scale, chart.stacked)
    return _assemble(table, drawing, _summary(rows, columns, chart.stacked))


def _value_columns(table: Table, chart: Chart) -> list[tuple[int, Column]]:
    indexes = [_index(table, key) for key in chart.value_columns]
    return [(at, table.columns[at]) for at in indexes]


def _index(table: Table, key: str) -> int:
    for at, column in enumerate(table.columns):
        if column.key == key:
            return at
    raise KeyError(f"table {table.key!r} has no column {key!r}")


def _number(value: object) -> float:
    if value is None:
        return 0.0  # nothing counted
    if not isinstance(value, int | float | Decimal):
        raise TypeError(f"a chart value must be a number, not {value!r}")
    return max(0.0, float(value))  # below zero cannot be drawn as a length


def _label(value: object) -> str:
    return "—" if value is None else _clean(str(value))


def _clean(text: str) -> str:
    return " ".join(_NOT_XML.sub("", text).split())


def _scale(rows: list[tuple[str, list[float]]], kinds: list[str], stacked: bool) -> float:
    """What PLOT_WIDTH stands for: 100 for percentages (so 50% always looks like half),
    otherwise the longest bar. Never less than the longest bar, so nothing overflows."""
    longest = max(sum(values) if stacked else max(values) for _, values in rows)
    if all(kind == "percent" for kind in kinds):
        return max(100.0, longest)
    return longest


def _draw_legend(drawing: _Drawing, titles: list[str]) -> None:
    # One entry a line: no guessing whether two fit side by side, and it reads on a phone.
    for at, title in enumerate(titles):
        top = drawing.y + (LEGEND_LINE - KEY_SIZE) / 2
        fill = PALETTE[at % len(PALETTE)][0]
        drawing.legend.append(
            f'<rect class="key" x="0" y="{_n(top)}" width="{KEY_SIZE}" height="{KEY_SIZE}"'
            f' fill="{fill}"/><text x="{KEY_SIZE + 6}" y="{_n(_baseline(drawing.y + LEGEND_LINE / 2))}">'
            f"{escape(_clean(title))}</text>"
        )
        drawing.y += LEGEND_LINE
    drawing.y += ROW_GAP


def _draw_row(
    drawing: _Drawing,
    label: str,
    values: list[float],
    kinds: list[str],
    scale: float,
    stacked: bool,
) -> None:
    # A stacked row is one bar of several segments; otherwise each value column is a bar.
    bars = [list(enumerate(values))] if stacked else [[(at, v)] for at, v in enumerate(values)]
    lines = _wrap(label)
    block = len(bars) * BAR_HEIGHT + (len(bars) - 1) * GROUP_GAP
    height = max(block, len(lines) * LINE_HEIGHT)
    _draw_label(drawing, lines, drawing.y + height / 2)
    top = drawing.y + (height - block) / 2
    for segments in bars:
        _draw_bar(drawing, segments, top, kinds, scale, stacked and len(segments) > 1)
        top += BAR_HEIGHT + GROUP_GAP
    drawing.y += height + ROW_GAP


def _draw_label(drawing: _Drawing, lines: list[str], middle: float) -> None:
    x = LABEL_WIDTH - 8
    first = middle - (len(lines) - 1) * LINE_HEIGHT / 2
    if len(lines) == 1:
        drawing.labels.append(
            f'<text x="{x}" y="{_n(_baseline(middle))}">{escape(lines[0])}</text>'
        )
        return
    spans = "".join(
        f'<tspan x="{x}" y="{_n(_baseline(first + at * LINE_HEIGHT))}">{escape(line)}</tspan>'
        for at, line in enumerate(lines)
    )
    drawing.labels.append(f"<text>{spans}</text>")


def _draw_bar(
    drawing: _Drawing,
    segments: list[tuple[int, float]],
    top: float,
    kinds: list[str],
    scale: float,
    label_segments: bool,
) -> None:
    x = float(PLOT_LEFT)
    for at, value in segments:
        width = PLOT_WIDTH * value / scale
        if width <= 0:
            continue  # a zero-width rectangle draws nothing and only adds bytes
        fill, ink = PALETTE[at % len(PALETTE)]
        drawing.bars.append(
            f'<rect class="bar" x="{_n(x)}" y="{_n(top)}" width="{_n(width)}"'
            f' height="{BAR_HEIGHT}" fill="{fill}"/>'
        )
        if label_segments:
            _draw_segment_value(drawing, _format(value, kinds[at]), x, width, top, ink)
        x += width
    total = sum(value for _, value in segments)
    text = _format(total, kinds[segments[0][0]])
    middle = _baseline(top + BAR_HEIGHT / 2)
    drawing.values.append(f'<text x="{_n(x + 4)}" y="{_n(middle)}">{escape(text)}</text>')


def _draw_segment_value(
    drawing: _Drawing, text: str, x: float, width: float, top: float, ink: str
) -> None:
    # Printed inside its segment when it fits; the total is always printed at the bar's end.
    if _ems(text) * SEGMENT_FONT_SIZE + 4 > width:
        return
    baseline = _baseline(top + BAR_HEIGHT / 2, SEGMENT_FONT_SIZE)
    drawing.inside.append(
        f'<text x="{_n(x + width / 2)}" y="{_n(baseline)}" fill="{ink}">{escape(text)}</text>'
    )


def _summary(
    rows: list[tuple[str, list[float]]], columns: list[tuple[int, Column]], stacked: bool
) -> str:
    """A sentence for screen readers: the largest bar, which the picture shows at a glance."""
    kinds = [column.kind for _, column in columns]
    if stacked and len(columns) > 1:
        label, values = max(rows, key=lambda row: sum(row[1]))  # max keeps the first of a tie
        return f"Largest total: {label} ({_format(sum(values), kinds[0])})."
    label, at, value = max(
        ((label, at, value) for label, values in rows for at, value in enumerate(values)),
        key=lambda item: item[2],
    )
    which = f", {_clean(columns[at][1].title)}" if len(columns) > 1 else ""
    return f"Largest: {label}{which} ({_format(value, kinds[at])})."


def _assemble(table: Table, drawing: _Drawing, summary: str) -> Markup:
    ident = _ident(table.key)
    height = drawing.y - ROW_GAP + PADDING
    description = _clean(f"{table.description} {summary}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" viewBox="0 0 {WIDTH} {_n(height)}"'
        f' width="100%" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{ident}-title">{escape(_clean(table.title))}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        _layer("legend", drawing.legend, ""),
        _layer("labels", drawing.labels, ' text-anchor="end"'),
        _layer("bars", drawing.bars, ' stroke="#ffffff" stroke-width="1"'),
        _layer("values", drawing.values, ""),
        _layer(
            "segment-values",
            drawing.inside,
            f' font-size="{SEGMENT_FONT_SIZE}" text-anchor="middle"',
        ),
        "</svg>",
    ]
    # Every piece of text above went through escape(); the rest is built from numbers.
    return Markup("".join(parts))  # noqa: S704


def _layer(name: str, parts: list[str], attributes: str) -> str:
    return f'<g class="{name}"{attributes}>{"".join(parts)}</g>' if parts else ""


def _ident(key: str) -> str:
    """An id prefix from the table key, limited to [a-z0-9-]. When that changes the key, a
    short hash of it is added, so keys differing only in dropped characters stay distinct."""
    slug = re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-") or "table"
    if slug != key:
        slug += "-" + hashlib.sha256(key.encode()).hexdigest()[:6]
    return f"chart-{slug}"


def _format(value: float, kind: str) -> str:
    if kind == "percent":
        return f"{value:.1f}%"
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _wrap(label: str) -> list[str]:
    """The label in lines that fit left of the bars, at most MAX_LABEL_LINES, the last cut
    short with an ellipsis when needed; the full label is in the table beside the chart."""
    lines: list[str] = []
    for word in label.split(" "):
        for piece in _split_word(word):
            if lines and _ems(f"{lines[-1]} {piece}") <= LABEL_EMS:
                lines[-1] += f" {piece}"
            else:
                lines.append(piece)
    if len(lines) <= MAX_LABEL_LINES:
        return lines or [""]
    last = lines[MAX_LABEL_LINES - 1]
    while last and _ems(last + "…") > LABEL_EMS:
        last = last[:-1]
    return [*lines[: MAX_LABEL_LINES - 1], last.rstrip() + "…"]


def _split_word(word: str) -> list[str]:
    # Only a word longer than a whole line is broken, between characters.
    pieces = [""]
    for char in word:
        if pieces[-1] and _ems(pieces[-1] + char) > LABEL_EMS:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _ems(text: str) -> float:
    """A generous estimate of the text's width in ems: the server cannot measure the font."""
    return sum(_char_ems(char) for char in text)


def _char_ems(char: str) -> float:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0  # combining marks and direction marks take no room of their own
    if unicodedata.east_asian_width(char) in ("W", "F") or _is_ethiopic(char):
        return 1.0  # Ge'ez syllables (Tigrinya, Amharic) are about as wide as they are tall
    if char in _NARROW:
        return 0.3
    if char in "MWmw":
        return 0.92
    if char.isupper():
        return 0.72
    return 0.56


def _is_ethiopic(char: str) -> bool:
    code = ord(char)
    return 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F


def _baseline(middle: float, size: int = FONT_SIZE) -> float:
    # Computed rather than dominant-baseline, which not every renderer (or print engine) honours.
    return middle + 0.35 * size


def _n(number: float) -> str:
    # One decimal place is finer than a pixel and keeps the output short and stable.
    return f"{number:.1f}".rstrip("0").rstrip(".")
