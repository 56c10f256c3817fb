"""The annual report's figures, any day: a manager sees the organisation's, an IRO their own
caseload's, for the dates they choose; every table as a chart where it helps, and as CSV."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import abort, render_template, request
from werkzeug.wrappers import Response

from portal import reports, reviews
from portal.models import Role
from portal.reports import charts, csv_export
from portal.reports.figures import ReportScope
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user

REPORT_ROLES = (Role.MANAGER, Role.IRO)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LONGEST_YEARS = 20


class RangeError(ValueError):
    """A date range that cannot be reported on; the message says why."""


def financial_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def last_financial_year(today: date) -> tuple[date, date]:
    start = financial_year_start(today)
    return date(start.year - 1, 4, 1), start - timedelta(days=1)


def chosen_range(today: date) -> tuple[date, date]:
    """The range in the address (from, to), or this financial year so far."""
    since = _day("from", financial_year_start(today))
    until = _day("to", today)
    if since > until:
        raise RangeError("The start date must be on or before the end date")
    if until.year - since.year > LONGEST_YEARS:
        raise RangeError(f"Choose a range of at most {LONGEST_YEARS} years")
    return since, until


def _day(name: str, default: date) -> date:
    raw = request.args.get(name, "")
    if not raw:
        return default
    try:
        if not ISO_DATE.match(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        label = "start" if name == "from" else "end"
        raise RangeError(f"Enter the {label} date as a real date, for example 2026-04-01") from None


def scope_for(since: date, until: date, today: date) -> ReportScope:
    user = signed_in_user()
    caseload = user.id if user.role is Role.IRO else None
    return ReportScope(user.organisation_id, caseload, since, until, today)


@blueprint.get("/reports")
@roles_required(*REPORT_ROLES)
def reports_page() -> str | tuple[str, int]:
    today = reviews.local_today()
    try:
        since, until = chosen_range(today)
    except RangeError as error:
        since, until = financial_year_start(today), today
        return render_template(
            "staff/reports/index.html", error=str(error), since=since, until=until, sections=[]
        ), 400
    return render_template(
        "staff/reports/index.html",
        error=None,
        since=since,
        until=until,
        this_year=(financial_year_start(today), today),
        last_year=last_financial_year(today),
        sections=reports.sections(scope_for(since, until, today)),
        svg=charts.svg,
        display=csv_export.display,
        caseload=signed_in_user().role is Role.IRO,
    )


@blueprint.get("/reports/<key>.csv")
@roles_required(*REPORT_ROLES)
def report_csv(key: str) -> Response:
    today = reviews.local_today()
    try:
        since, until = chosen_range(today)
    except RangeError:
        abort(400)
    table = reports.table(scope_for(since, until, today), key)
    if table is None:
        abort(404)
    response = Response(csv_export.to_csv(table), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{key}-{since.isoformat()}-to-{until.isoformat()}.csv"'
    )
    return response
