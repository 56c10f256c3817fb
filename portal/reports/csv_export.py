"""Report tables as CSV downloads, holding the same figures the page shows.

The file is UTF-8 with a byte order mark, because without one Excel reads it in the PC's legacy
code page and turns Tigrinya and Arabic into mojibake. Text cells are guarded against formula
injection: a name typed into the portal must never run as a spreadsheet formula on a staff
member's PC (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from portal.reports.tables import Column, Table

BOM = "\ufeff"

# A spreadsheet treats a cell starting with any of these as a formula (tab and carriage return
# are skipped over before the check in some programs, so they count too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_csv(table: Table) -> bytes:
    """The table as a CSV file: a header row of column titles, then the displayed rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # CRLF line endings, the csv module's (and RFC 4180's) default
    writer.writerow([neutralise(column.title) for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [_csv_cell(value, column) for value, column in zip(row, table.columns, strict=True)]
        )
    return (BOM + out.getvalue()).encode("utf-8")


def from_csv(data: bytes) -> list[list[str]]:
    """Rows of a file written by to_csv (or any UTF-8 CSV), the byte order mark removed."""
    text = data.decode("utf-8-sig")
    # newline="" so a carriage return inside a quoted cell comes back as written.
    return list(csv.reader(io.StringIO(text, newline="")))


def display(value: object, column: Column) -> str:
    """A cell as the page shows it: counts as integers, percentages to one decimal place,
    dates in ISO form, nothing at all for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)  # a bool is an int to Python, but not a count to a reader
    if isinstance(value, int | float | Decimal):
        return _number(value, column.kind)
    if isinstance(value, date):  # datetimes too: they are dates with a time
        return value.isoformat()
    return str(value)


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text: one that would start a formula gets a leading
    apostrophe, which Excel and LibreOffice hide and take to mean "this is text"."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: object, column: Column) -> str:
    shown = display(value, column)
    # Numbers from the table are written as they are, so -3 stays a number; only text
    # (which may have come from anyone) is guarded.
    if _is_number(value):
        return shown
    return neutralise(shown)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _number(value: int | float | Decimal, kind: str) -> str:
    if kind == "percent":
        return f"{value:.1f}"
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer():  # False for NaN and infinity, which then print as such
        return str(int(value))
    return f"{value:.1f}"
