"""The shape every report figure comes in: a table of plain values, which the page shows, a
chart draws and a CSV download writes, so all three show the same figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    # "count", "percent" (0 to 100, one decimal place), "days", "text"
    kind: str = "count"


@dataclass(frozen=True)
class Table:
    key: str  # used in URLs: /staff/reports/<key>.csv
    title: str
    description: str  # one or two plain sentences: what is counted, and how
    columns: tuple[Column, ...]
    rows: Sequence[tuple[object, ...]] = field(default_factory=list)
    # Which column labels the bars and which column(s) give their lengths, when the table is
    # worth drawing; None for tables better read than looked at.
    chart: Chart | None = None
    # Rows hidden because they describe fewer than the smallest group shown (see themes).
    suppressed: int = 0


@dataclass(frozen=True)
class Chart:
    label_column: str
    value_columns: tuple[str, ...]  # one bar per row, or a stacked bar of several columns
    stacked: bool = False
