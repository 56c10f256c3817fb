"""Every report for a year of a large authority: 20,000 reviews held by 40 IROs for 8,000
children, with three invitations each (two in three opened, one in three answered), the
children's views with their faces, 6,000 feedback returns, 2,000 requests with their steps and
300 safety alerts. Target: all reports in under 1 s, on SQLite and on PostgreSQL (set
BENCH_POSTGRES_URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test, for the second:
a scratch database is made beside it and dropped)."""

from __future__ import annotations

import os
import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from benchmarks.harness import benchmark_app, count_queries, timed
from portal.extensions import db
from portal.models import (
    Child,
    Consultation,
    Invitation,
    RequestEvent,
    Review,
    Role,
    StaffUser,
    Submission,
    SupportRequest,
)
from portal.reports import ReportScope, sections
from tests import factories
from tests.stack import scratch_postgresql

RESULTS = Path(__file__).parent / "results"
REVIEWS = 20_000
CHILDREN = 8_000
IROS = 40
YEAR = (date(2025, 4, 1), date(2026, 3, 31))
TODAY = date(2026, 4, 15)
CODES = ["PN0", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7", None]


def run() -> list[str]:
    lines = [f"Reports, {REVIEWS:,} reviews in a year ({CHILDREN:,} children, {IROS} IROs):"]
    lines.append("  SQLite: " + measure(None))
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    if postgres:
        with scratch_postgresql(postgres, "bench") as url:
            lines.append("  PostgreSQL: " + measure(url))
    else:
        lines.append("  PostgreSQL: not run (set BENCH_POSTGRES_URL)")
    return lines


def measure(database_url: str | None) -> str:
    with benchmark_app(database_url) as app:
        with app.app_context():
            organisation_id, iro_id = fill(random.Random(2026))
        whole = ReportScope(organisation_id, None, *YEAR, TODAY)
        caseload = ReportScope(organisation_id, iro_id, *YEAR, TODAY)

        def all_reports(scope: ReportScope) -> None:
            with app.app_context():
                sections(scope)

        if database_url is None:
            with app.app_context():
                draw_for_the_readme(whole)
        manager = timed("manager, whole organisation", lambda: all_reports(whole), runs=7)
        iro = timed("IRO, own caseload", lambda: all_reports(caseload), runs=7)
        queries = count_queries(app, lambda: all_reports(whole))
        return f"{manager}; {iro}; {queries} SQL statements"


def draw_for_the_readme(scope: ReportScope) -> None:
    """Two of the charts, as files the README shows."""
    from portal.reports import charts, figures

    RESULTS.mkdir(parents=True, exist_ok=True)
    summary, _codes = figures.participation(scope)
    for table in (summary, figures.timeliness(scope)):
        drawn = charts.svg(table)
        assert drawn is not None
        (RESULTS / f"report-{table.key}.svg").write_text(str(drawn), encoding="utf-8")


def fill(rng: random.Random) -> tuple[int, int]:
    """Bulk rows, made in Python and inserted a table at a time."""
    organisation = factories.organisation()
    iros = [factories.staff(organisation, Role.IRO) for _ in range(IROS)]
    now = datetime.now(UTC)
    children = _insert(Child, [_child(organisation.id, iros, n, now) for n in range(CHILDREN)])
    reviews = _insert(Review, [_review(rng, children, n, now) for n in range(REVIEWS)])
    invitations = _insert(Invitation, [i for r in reviews for i in _invitations(rng, r, now)])
    children_invited = [i for i in invitations if i["role"] == "child" and i["submitted_at"]]
    views = _insert(Consultation, [_consultation(i, "views", now) for i in children_invited])
    _insert(Submission, [_views(rng, c, now) for c in views])
    returned = rng.sample(invitations, 6_000)
    feedback = _insert(Consultation, [_consultation(i, "feedback", now) for i in returned])
    _insert(Submission, [_feedback(rng, c, now) for c in feedback])
    requests = _insert(
        SupportRequest, [_request(rng, organisation.id, children, n) for n in range(2_300)]
    )
    _insert(RequestEvent, [e for r in requests for e in _events(rng, r)])
    db.session.commit()
    # As a database in use would be: PostgreSQL's autovacuum (and SQLite's ANALYZE) keep the
    # planner's statistics; freshly bulk-loaded tables have none.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return organisation.id, iros[0].id


def _insert(model: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert in batches, giving each row its id (set here, so no round trip is needed)."""
    start = (db.session.query(db.func.max(model.id)).scalar() or 0) + 1
    for offset, row in enumerate(rows):
        row["id"] = start + offset
    for batch in range(0, len(rows), 2_000):
        db.session.execute(insert(model), rows[batch : batch + 2_000])
    return rows


def _child(organisation_id: int, iros: list[StaffUser], n: int, now: datetime) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "name": f"Child {n}",
        "date_of_birth": date(2008, 1, 1) + timedelta(days=n % 5_000),
        "preferred_language": "en",
        "interpreter_needed": False,
        "case_reference": f"B-{n}",
        "iro_id": iros[n % IROS].id,
        "looked_after_since": date(2022, 1, 1),
        "uasc": False,
        "created_at": now,
    }


def _review(rng: random.Random, children: list[dict[str, Any]], n: int, now: datetime) -> dict:
    held = YEAR[0] + timedelta(days=rng.randrange(365))
    kind = ["first", "second", "subsequent", "subsequent"][n % 4]
    return {
        "child_id": children[n % CHILDREN]["id"],
        "kind": kind,
        "due_date": held + timedelta(days=rng.randrange(-20, 10)),
        "scheduled_at": datetime.combine(held, time(10), tzinfo=UTC),
        "venue": "",
        "format": ["in_person", "virtual", "hybrid"][n % 3],
        "status": "held",
        "participation_code": CODES[n % len(CODES)],
        "held_on": held,
        "changed_reason": "",
        "imported": False,
        "record_written_on": held + timedelta(days=rng.randrange(5, 40)),
        "record_due_on": held + timedelta(days=28),
        "midpoint_due_on": None if kind == "first" else held + timedelta(days=91),
        "created_at": now,
    }


def _invitations(rng: random.Random, review: dict[str, Any], now: datetime) -> list[dict]:
    made = []
    for role in ("child", "parent", "carer"):
        opened = rng.random() < 0.66
        made.append(
            {
                "review_id": review["id"],
                "role": role,
                "label": "",
                "language": rng.choice(["en", "en", "en", "ar", "ti", "pl"]),
                "notify_email": "",
                "token_hash": uuid.uuid4().hex,
                "code_hash": uuid.uuid4().hex,
                "credential_version": 1,
                "expires_at": now + timedelta(days=60),
                "first_opened_at": now if opened else None,
                "submitted_at": now if opened and rng.random() < 0.5 else None,
                "secret_failures": 0,
                "issued_at": now,
                "created_at": datetime.combine(review["held_on"], time(9), tzinfo=UTC)
                - timedelta(days=14),
            }
        )
    return made


def _consultation(invitation: dict[str, Any], purpose: str, now: datetime) -> dict[str, Any]:
    form = "young_person_13_plus" if purpose == "views" else "feedback_child"
    return {
        "invitation_id": invitation["id"],
        "purpose": purpose,
        "form_key": form,
        "form_version": 1,
        "created_at": now,
        "updated_at": now,
        "_sent": invitation["created_at"] + timedelta(days=3),
    }


def _submission(consultation: dict[str, Any], answers: dict[str, Any], form: str) -> dict:
    return {
        "consultation_id": consultation["id"],
        "number": 1,
        "idempotency_key": uuid.uuid4().hex,
        "form_key": form,
        "form_version": 1,
        "answers": answers,
        "attachments": [],
        "channel": "portal_form",
        "anonymous": False,
        "language": "en",
        "submitted_at": consultation.pop("_sent", None) or datetime.now(UTC),
    }


def _views(rng: random.Random, consultation: dict[str, Any], now: datetime) -> dict[str, Any]:
    faces = ("home", "education", "health", "feelings", "friends", "family")
    answers = {f"{theme}.feeling": {"value": rng.randint(1, 5)} for theme in faces}
    return _submission(consultation, answers, "young_person_13_plus")


def _feedback(rng: random.Random, consultation: dict[str, Any], now: datetime) -> dict[str, Any]:
    answers = {
        "feedback.listened": {"value": rng.choice(["yes", "a_bit", "no"])},
        "feedback.say": {"value": rng.choice(["nothing", "nothing", "thank_you", "complaint"])},
    }
    return _submission(consultation, answers, "feedback_child")


def _request(rng: random.Random, organisation_id: int, children: list[dict], n: int) -> dict:
    kind = (
        "safety_alert"
        if n < 300
        else rng.choice(["advocate", "independent_visitor", "talk_to_iro"])
    )
    created = datetime.combine(YEAR[0] + timedelta(days=rng.randrange(360)), time(11), tzinfo=UTC)
    return {
        "organisation_id": organisation_id,
        "child_id": children[rng.randrange(CHILDREN)]["id"],
        "kind": kind,
        "source": "session",
        "status": rng.choice(["acknowledged", "allocated", "waiting_list", "closed"]),
        "raised_by_name": "",
        "for_themselves": False,
        "about": "",
        "phone": "",
        "email": "",
        "language": "",
        "interpreter_needed": False,
        "allocated_to": "",
        "last_raised_at": created,
        "fingerprint": uuid.uuid4().hex,
        "minute": n,
        "created_at": created,
        "status_changed_at": created,
    }


def _events(rng: random.Random, request: dict[str, Any]) -> list[dict[str, Any]]:
    acknowledged = request["created_at"] + timedelta(hours=rng.randrange(1, 120))
    allocated = acknowledged + timedelta(days=rng.randrange(1, 20))
    return [
        {"request_id": request["id"], "status": "acknowledged", "note": "", "at": acknowledged},
        {"request_id": request["id"], "status": "allocated", "note": "", "at": allocated},
    ]
