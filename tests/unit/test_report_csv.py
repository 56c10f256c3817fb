"""Report CSV downloads: UTF-8 with a BOM for Excel, the figures as the page shows them, and
no text cell that a spreadsheet would run as a formula."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.reports.csv_export import display, from_csv, to_csv
from portal.reports.tables import Column, Table

COLUMNS = (
    Column("language", "Language", "text"),
    Column("sent", "Invitations sent"),
    Column("answered", "Answered (%)", "percent"),
    Column("days", "Median days to answer", "days"),
    Column("first", "First sent", "text"),
)


def table(rows) -> Table:
    return Table(
        key="languages",
        title="Invitations by language",
        description="Invitations sent in the year, by the language they were written in.",
        columns=COLUMNS,
        rows=rows,
    )


def one_cell(value, column: Column | None = None) -> str:
    column = column or Column("name", "Name", "text")
    data = to_csv(Table("t", "T", "T.", (column,), [(value,)]))
    header, (cell,) = from_csv(data)
    assert header == [column.title]
    return cell


def test_round_trip_gives_the_header_and_the_displayed_values():
    rows = [
        ("English", 120, 33.333, 4.0, date(2027, 1, 8)),
        ("ትግርኛ", 14, 50, 6.5, date(2027, 2, 1)),
        ("العربية", 0, None, None, None),
    ]
    assert from_csv(to_csv(table(rows))) == [
        ["Language", "Invitations sent", "Answered (%)", "Median days to answer", "First sent"],
        ["English", "120", "33.3", "4", "2027-01-08"],
        ["ትግርኛ", "14", "50.0", "6.5", "2027-02-01"],
        ["العربية", "0", "", "", ""],
    ]


def test_utf8_with_one_bom_and_crlf_line_endings():
    data = to_csv(table([("ትግርኛ", 1, 100.0, 2, None), ("العربية", 2, 0.0, 3, None)]))
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 3
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert "ትግርኛ".encode() in data and "العربية".encode() in data


def test_from_csv_reads_a_file_without_a_bom_too():
    assert from_csv(b"a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]]


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-1", "@x", "\t=1", "\r=1"])
def test_text_that_would_start_a_formula_is_neutralised(text):
    assert one_cell(text) == "'" + text


def test_a_carriage_return_cell_is_quoted_in_the_file():
    data = to_csv(Table("t", "T", "T.", (Column("name", "Name", "text"),), [("\r=1",)]))
    assert data.endswith(b'"\'\r=1"\r\n')


def test_column_titles_are_guarded_too():
    data = to_csv(Table("t", "T", "T.", (Column("n", "=cmd|' /C calc'!A0"),), []))
    assert from_csv(data) == [["'=cmd|' /C calc'!A0"]]


@pytest.mark.parametrize("text", ["North", "Team = 4", "1-2", "e-mail", "'quoted'", ""])
def test_ordinary_text_is_unchanged(text):
    assert one_cell(text) == text


@pytest.mark.parametrize(
    ("value", "kind", "written"),
    [
        (-1, "count", "-1"),
        (-2.5, "days", "-2.5"),
        (-12.34, "percent", "-12.3"),
        (Decimal("-3"), "count", "-3"),
    ],
)
def test_real_negative_numbers_stay_numbers(value, kind, written):
    assert one_cell(value, Column("n", "N", kind)) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [(33.333, "33.3"), (66.666, "66.7"), (50, "50.0"), (0, "0.0"), (100.0, "100.0")],
)
def test_percentages_have_one_decimal_place(value, written):
    assert one_cell(value, Column("p", "P", "percent")) == written


@pytest.mark.parametrize(("value", "written"), [(7, "7"), (7.0, "7"), (1234567, "1234567")])
def test_counts_are_integers_without_separators(value, written):
    assert one_cell(value, Column("n", "N")) == written


def test_none_is_an_empty_cell():
    assert one_cell(None, Column("n", "N")) == ""
    assert one_cell(None) == ""


def test_display_is_what_the_page_shows_without_the_csv_guard():
    assert display("=SUM(A1)", Column("name", "Name", "text")) == "=SUM(A1)"
    assert display(date(2027, 1, 8), Column("d", "D", "text")) == "2027-01-08"
    assert display(12.25, Column("p", "P", "percent")) == "12.2"
