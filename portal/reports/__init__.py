"""The annual report's figures, live: what the reports page shows, charts and offers as CSV.

`sections(scope)` computes every table for a scope (a manager's organisation or an IRO's
caseload) and a date range, in a fixed number of queries whatever the number of reviews.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.reports import figures
from portal.reports.figures import ReportScope
from portal.reports.tables import Chart, Column, Table

__all__ = ["Chart", "Column", "ReportScope", "Section", "Table", "sections", "table"]


@dataclass(frozen=True)
class Section:
    title: str
    tables: list[Table]


def sections(scope: ReportScope) -> list[Section]:
    participation, codes = figures.participation(scope)
    by_role, by_language = figures.invitations(scope)
    returned, ratings = figures.feedback(scope)
    return [
        Section(
            "Reviews held",
            [figures.reviews_by_kind(scope), figures.reviews_by_format(scope)],
        ),
        Section("Participation", [participation, codes]),
        Section("Timeliness", [figures.timeliness(scope)]),
        Section("Invitations", [by_role, by_language]),
        Section("Feedback", [returned, ratings]),
        Section("Requests and alerts", [figures.requests(scope), figures.alerts(scope)]),
        Section("Midpoints", [figures.midpoints(scope)]),
        Section("What children are telling us", figures.themes(scope)),
    ]


def table(scope: ReportScope, key: str) -> Table | None:
    return next(
        (found for section in sections(scope) for found in section.tables if found.key == key),
        None,
    )
