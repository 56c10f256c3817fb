"""The annual report's figures for a date range, each a Table computed in the database: GROUP BY
and window functions, never rows loaded into Python to be counted. A manager's scope is the
organisation; an IRO's, the children on their caseload. Every function issues a fixed number of
queries, whatever the number of reviews.

Days are calendar days of reviews (held_on) and, for timestamps, their UTC day; working days
come from the calendar_day table (portal/models/calendar.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select, union_all
from sqlalchemy.orm import aliased

from portal import i18n
from portal.extensions import db
from portal.models import (
    CalendarDay,
    Child,
    Consultation,
    Invitation,
    MidpointNote,
    ParticipantRole,
    ParticipationCode,
    Purpose,
    RequestEvent,
    RequestKind,
    RequestStatus,
    Review,
    ReviewFormat,
    ReviewKind,
    ReviewStatus,
    Submission,
    SupportRequest,
)
from portal.reports.sql import hours_between, utc_day
from portal.reports.tables import Chart, Column, Table

SMALLEST_GROUP = 5  # official statistics' small-number suppression


@dataclass(frozen=True)
class ReportScope:
    organisation_id: int
    iro_id: int | None  # None: the whole organisation
    since: date
    until: date
    today: date


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _children(scope: ReportScope) -> list[ColumnElement[bool]]:
    conditions = [Child.organisation_id == scope.organisation_id]
    if scope.iro_id is not None:
        conditions.append(Child.iro_id == scope.iro_id)
    return conditions


def _held(scope: ReportScope, *columns: Any) -> Select[Any]:
    """Reviews held in the range, in scope."""
    return (
        select(*columns)
        .select_from(Review)
        .join(Child, Child.id == Review.child_id)
        .where(
            *_children(scope),
            Review.status == ReviewStatus.HELD,
            Review.held_on >= scope.since,
            Review.held_on <= scope.until,
        )
    )


COUNT_AND_SHARE = (Column("count", "Reviews"), Column("percent", "% of reviews held", "percent"))

KIND_TITLES = {
    ReviewKind.FIRST: "First review",
    ReviewKind.SECOND: "Second review",
    ReviewKind.SUBSEQUENT: "Subsequent review",
}
FORMAT_TITLES = {
    ReviewFormat.IN_PERSON: "In person",
    ReviewFormat.VIRTUAL: "Virtual",
    ReviewFormat.HYBRID: "Hybrid",
}


def _grouped(scope: ReportScope, column: Any) -> dict[Any, int]:
    rows = db.session.execute(_held(scope, column, func.count()).group_by(column)).all()
    return {key: int(count) for key, count in rows}


def _share_rows(counts: dict[Any, int], titles: dict[Any, str]) -> list[tuple[object, ...]]:
    total = sum(counts.values())
    return [
        (title, counts.get(key, 0), percent(counts.get(key, 0), total))
        for key, title in titles.items()
    ]


def reviews_by_kind(scope: ReportScope) -> Table:
    return Table(
        "reviews-by-kind",
        "Reviews held, by kind",
        "Reviews held in the period: a child's first review, their second, and later ones.",
        (Column("kind", "Kind", "text"), *COUNT_AND_SHARE),
        _share_rows(_grouped(scope, Review.kind), KIND_TITLES),
        Chart("kind", ("count",)),
    )


def reviews_by_format(scope: ReportScope) -> Table:
    return Table(
        "reviews-by-format",
        "Reviews held, by format",
        "Whether everyone met in one room, online, or some of each.",
        (Column("format", "Format", "text"), *COUNT_AND_SHARE),
        _share_rows(_grouped(scope, Review.format), FORMAT_TITLES),
        Chart("format", ("count",)),
    )


CODE_TITLES = {
    ParticipationCode.PN0: "PN0: under 4 at the time of the review",
    ParticipationCode.PN1: "PN1: attended and spoke for themselves",
    ParticipationCode.PN2: "PN2: attended, an advocate spoke for them",
    ParticipationCode.PN3: "PN3: attended, conveyed their views non-verbally",
    ParticipationCode.PN4: "PN4: attended, did not speak or convey their views",
    ParticipationCode.PN5: "PN5: did not attend, an advocate conveyed their views",
    ParticipationCode.PN6: "PN6: did not attend, conveyed their views another way",
    ParticipationCode.PN7: "PN7: did not attend or contribute",
}
ATTENDED = {
    ParticipationCode.PN1,
    ParticipationCode.PN2,
    ParticipationCode.PN3,
    ParticipationCode.PN4,
}
CONVEYED = {ParticipationCode.PN5, ParticipationCode.PN6}


def participation(scope: ReportScope) -> tuple[Table, Table]:
    """The report's participation groups, and the full PN0 to PN7 table: one query."""
    codes = _grouped(scope, Review.participation_code)
    held = sum(codes.values())

    def of(group: set[ParticipationCode]) -> int:
        return sum(codes.get(code, 0) for code in group)

    groups = [
        ("Reviews held", held),
        ("With a participation code recorded", held - codes.get(None, 0)),
        ("Attended (PN1 to PN4)", of(ATTENDED)),
        ("Attended, with an advocate speaking for them (PN2)", of({ParticipationCode.PN2})),
        ("Did not attend but conveyed their views (PN5, PN6)", of(CONVEYED)),
        ("Under 4 (PN0)", of({ParticipationCode.PN0})),
        ("Did not contribute (PN7)", of({ParticipationCode.PN7})),
        ("No code recorded", codes.get(None, 0)),
    ]
    summary = Table(
        "participation",
        "How children took part in their reviews",
        "Counts of reviews held, grouped as the annual report groups participation codes, each "
        "as a percentage of all reviews held.",
        (Column("group", "Group", "text"), *COUNT_AND_SHARE),
        [(title, count, percent(count, held)) for title, count in groups],
        Chart("group", ("percent",)),
    )
    table = Table(
        "participation-codes",
        "Participation codes, PN0 to PN7",
        "Every participation code recorded for the reviews held in the period.",
        (Column("code", "Code", "text"), *COUNT_AND_SHARE),
        _share_rows(codes, CODE_TITLES) if held else [(t, 0, None) for t in CODE_TITLES.values()],
        Chart("code", ("count",)),
    )
    return summary, table


def _on_time(condition: ColumnElement[bool], counted: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((and_(counted, condition), 1), else_=0)), 0)


def _counted(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def timeliness(scope: ReportScope) -> Table:
    """Reviews held by their statutory date, and records written within 20 working days (of
    those whose record was written, or is already past due). One query."""
    first = Review.kind == ReviewKind.FIRST
    later = Review.kind != ReviewKind.FIRST
    in_time = Review.held_on <= Review.due_date
    record_counted = and_(
        Review.record_due_on.is_not(None),
        (Review.record_written_on.is_not(None)) | (Review.record_due_on < scope.today),
    )
    record_in_time = Review.record_written_on <= Review.record_due_on
    row = db.session.execute(
        _held(
            scope,
            _on_time(in_time, first),
            _counted(first),
            _on_time(in_time, later),
            _counted(later),
            _on_time(record_in_time, record_counted),
            _counted(record_counted),
        )
    ).one()
    first_on_time, firsts, later_on_time, laters, records_on_time, records = (int(v) for v in row)
    return Table(
        "timeliness",
        "Timeliness",
        "First reviews held within 20 working days of coming into care, later reviews within "
        "their statutory date, and records (the minutes or the letter to the child) written "
        "within 20 working days of the review.",
        (
            Column("measure", "Measure", "text"),
            Column("on_time", "On time"),
            Column("of", "Of"),
            Column("percent", "% on time", "percent"),
        ),
        [
            ("First reviews", first_on_time, firsts, percent(first_on_time, firsts)),
            (
                "Second and subsequent reviews",
                later_on_time,
                laters,
                percent(later_on_time, laters),
            ),
            ("Records written", records_on_time, records, percent(records_on_time, records)),
        ],
        Chart("measure", ("percent",)),
    )


ROLE_TITLES = {
    ParticipantRole.CHILD: "Child or young person",
    ParticipantRole.PARENT: "Parent",
    ParticipantRole.CARER: "Carer",
    ParticipantRole.OTHER: "Someone else",
}


def invitations(scope: ReportScope) -> tuple[Table, Table]:
    """Invitations issued in the period (not revoked), opened and answered: by role, and by the
    language they were sent in. Two queries."""
    issued = utc_day(Invitation.created_at)

    def counted(column: Any) -> Sequence[Any]:
        return db.session.execute(
            select(
                column,
                func.count(),
                func.count(Invitation.first_opened_at),
                func.count(Invitation.submitted_at),
            )
            .select_from(Invitation)
            .join(Review, Review.id == Invitation.review_id)
            .join(Child, Child.id == Review.child_id)
            .where(
                *_children(scope),
                Invitation.revoked_at.is_(None),
                issued >= scope.since,
                issued <= scope.until,
            )
            .group_by(column)
        ).all()

    columns = (
        Column("sent", "Sent"),
        Column("opened", "Opened"),
        Column("submitted", "Views sent"),
        Column("percent", "% sent views", "percent"),
    )
    by_role = {role: (sent, opened, done) for role, sent, opened, done in counted(Invitation.role)}
    role_rows = []
    for role, title in ROLE_TITLES.items():
        sent, opened, done = by_role.get(role, (0, 0, 0))
        role_rows.append((title, sent, opened, done, percent(done, sent)))
    language_rows = [
        (i18n.language(code).english_name, sent, opened, done, percent(done, sent))
        for code, sent, opened, done in sorted(counted(Invitation.language), key=lambda r: -r[1])
    ]
    return (
        Table(
            "invitations-by-role",
            "Invitations, by who was invited",
            "Invitations issued in the period and not revoked: how many were opened, and how "
            "many people sent their views.",
            (Column("role", "Invited", "text"), *columns),
            role_rows,
            Chart("role", ("sent", "opened", "submitted")),
        ),
        Table(
            "invitations-by-language",
            "Invitations, by language",
            "The same invitations, by the language they were sent in.",
            (Column("language", "Language", "text"), *columns),
            language_rows,
            Chart("language", ("sent",)),
        ),
    )


def _latest(scope: ReportScope, purpose: Purpose, *conditions: Any, day: Any = None) -> Any:
    """Each in-scope consultation's latest version sent for a purpose, with its answers, the
    child and the day it counts on: one window function over the scope's rows only (a CTE,
    so a query that reads it several times computes it once)."""
    day = Submission.submitted_at if day is None else day
    return (
        select(
            Submission.answers.label("answers"),
            Child.id.label("child_id"),
            day.label("day"),
            func.row_number()
            .over(partition_by=Submission.consultation_id, order_by=Submission.number.desc())
            .label("newest"),
        )
        .join(Consultation, Consultation.id == Submission.consultation_id)
        .join(Invitation, Invitation.id == Consultation.invitation_id)
        .join(Review, Review.id == Invitation.review_id)
        .join(Child, Child.id == Review.child_id)
        .where(*_children(scope), Consultation.purpose == purpose, *conditions)
        .cte(f"latest_{purpose.value}")
    )


FEEDBACK_QUESTIONS = {
    "feedback.how_wanted": "The meeting was where and how they wanted",
    "feedback.listened": "They felt listened to",
    "feedback.understood": "They understood what was decided",
    "feedback.explained": "The IRO explained things clearly (adults)",
}
RATINGS = {"yes": "Yes", "a_bit": "A bit", "partly": "Partly", "no": "No", "not_sure": "Not sure"}


def feedback(scope: ReportScope) -> tuple[Table, Table]:
    """Feedback sent in the period (each person's latest), how it rated the meeting, and the
    thank-yous and complaints in it. Two queries: one UNION ALL over the rating questions."""
    latest = _latest(scope, Purpose.FEEDBACK)
    sent = utc_day(latest.c.day)
    newest = and_(latest.c.newest == 1, sent >= scope.since, sent <= scope.until)
    said = latest.c.answers[("feedback.say", "value")].as_string()
    returned = db.session.execute(
        select(func.count(), _counted(said == "thank_you"), _counted(said == "complaint")).where(
            newest
        )
    ).one()
    parts = [
        select(
            literal(key).label("question"),
            latest.c.answers[(key, "value")].as_string().label("rating"),
        ).where(newest)
        for key in FEEDBACK_QUESTIONS
    ]
    rated = union_all(*parts).subquery()
    counts = db.session.execute(
        select(rated.c.question, rated.c.rating, func.count())
        .where(rated.c.rating.is_not(None))
        .group_by(rated.c.question, rated.c.rating)
    ).all()
    by_question: dict[str, dict[str, int]] = {}
    for question, rating, count in counts:
        by_question.setdefault(question, {})[rating] = count
    total, thanks, complaints = (int(v) for v in returned)
    summary = Table(
        "feedback",
        "Feedback returned",
        "Feedback sent in the period (a person who sent it twice counts once), and the thank-yous "
        "and complaints made in it.",
        (Column("measure", "Measure", "text"), Column("count", "Count")),
        [("Feedback returned", total), ("Thank-yous", thanks), ("Complaints", complaints)],
    )
    ratings = Table(
        "feedback-ratings",
        "How people rated their review meeting",
        "Answers to the feedback questions; young people answer Yes, A bit or No, adults Yes, "
        "Partly, No or Not sure.",
        (
            Column("question", "Question", "text"),
            *(Column(key, title) for key, title in RATINGS.items()),
        ),
        [
            (title, *(by_question.get(key, {}).get(rating, 0) for rating in RATINGS))
            for key, title in FEEDBACK_QUESTIONS.items()
        ],
        Chart("question", tuple(RATINGS), stacked=True),
    )
    return summary, ratings


REQUEST_TITLES = {
    RequestKind.ADVOCATE: "An advocate",
    RequestKind.INDEPENDENT_VISITOR: "An Independent Visitor",
    RequestKind.TALK_TO_IRO: "To talk to their IRO",
    RequestKind.INTERPRETER: "An interpreter",
}


def _requests(scope: ReportScope, kinds: set[RequestKind]) -> list[ColumnElement[bool]]:
    raised = utc_day(SupportRequest.created_at)
    conditions = [
        SupportRequest.organisation_id == scope.organisation_id,
        SupportRequest.kind.in_(kinds),
        raised >= scope.since,
        raised <= scope.until,
    ]
    if scope.iro_id is not None:
        caseload = select(Child.id).where(*_children(scope))
        conditions.append(SupportRequest.child_id.in_(caseload))
    return conditions


def _first_event(statuses: set[RequestStatus]) -> Any:
    """When each request first reached one of these steps."""
    return (
        select(RequestEvent.request_id, func.min(RequestEvent.at).label("at"))
        .where(RequestEvent.status.in_(statuses))
        .group_by(RequestEvent.request_id)
        .subquery()
    )


def _median_by_kind(measured: Any) -> dict[Any, float]:
    """The median of `measured` (kind, value) per kind, by window functions: the middle row,
    or the mean of the middle two."""
    ranked = select(
        measured.c.kind,
        measured.c.value,
        func.row_number().over(partition_by=measured.c.kind, order_by=measured.c.value).label("n"),
        func.count().over(partition_by=measured.c.kind).label("of"),
    ).subquery()
    middle = (
        select(ranked.c.kind, func.avg(ranked.c.value))
        .where(ranked.c.n.in_([(ranked.c.of + 1) // 2, (ranked.c.of + 2) // 2]))
        .group_by(ranked.c.kind)
    )
    return {kind: round(float(value), 1) for kind, value in db.session.execute(middle).all()}


def _working_days_to(
    scope: ReportScope, statuses: set[RequestStatus], kinds: set[RequestKind]
) -> dict[Any, float]:
    reached = _first_event(statuses)
    start, end = aliased(CalendarDay), aliased(CalendarDay)
    measured = (
        select(
            SupportRequest.kind.label("kind"),
            (end.working_days_before - start.working_days_before).label("value"),
        )
        .join(reached, reached.c.request_id == SupportRequest.id)
        .join(start, start.day == utc_day(SupportRequest.created_at))
        .join(end, end.day == utc_day(reached.c.at))
        .where(*_requests(scope, kinds))
        .subquery()
    )
    return _median_by_kind(measured)


ANSWERED = {
    RequestStatus.ACKNOWLEDGED,
    RequestStatus.ALLOCATED,
    RequestStatus.WAITING_LIST,
    RequestStatus.CLOSED,
}


def requests(scope: ReportScope) -> Table:
    """Requests for help raised in the period, by what was asked for: how many, the median
    working days to acknowledge and to allocate, and how many wait for an Independent Visitor
    now. Four queries."""
    kinds = set(REQUEST_TITLES)
    raised = dict(
        db.session.execute(
            select(SupportRequest.kind, func.count())
            .where(*_requests(scope, kinds))
            .group_by(SupportRequest.kind)
        ).all()
    )
    acknowledged = _working_days_to(scope, ANSWERED, kinds)
    allocated = _working_days_to(scope, {RequestStatus.ALLOCATED}, kinds)
    waiting = db.session.execute(
        select(func.count()).where(
            SupportRequest.organisation_id == scope.organisation_id,
            SupportRequest.kind == RequestKind.INDEPENDENT_VISITOR,
            SupportRequest.status == RequestStatus.WAITING_LIST,
            *(
                [SupportRequest.child_id.in_(select(Child.id).where(*_children(scope)))]
                if scope.iro_id is not None
                else []
            ),
        )
    ).scalar_one()
    rows = [
        (
            title,
            raised.get(kind, 0),
            acknowledged.get(kind),
            allocated.get(kind),
            waiting if kind is RequestKind.INDEPENDENT_VISITOR else None,
        )
        for kind, title in REQUEST_TITLES.items()
    ]
    return Table(
        "requests",
        "Requests for help",
        "Requests raised in the period (from forms, request pages and self-referrals), the "
        "median working days until someone acknowledged them and until someone was allocated, "
        "and how many children are on the Independent Visitor waiting list today.",
        (
            Column("asked_for", "Asked for", "text"),
            Column("raised", "Raised"),
            Column("acknowledge", "Median working days to acknowledge", "days"),
            Column("allocate", "Median working days to allocate", "days"),
            Column("waiting", "Waiting now"),
        ),
        rows,
        Chart("asked_for", ("raised",)),
    )


def alerts(scope: ReportScope) -> Table:
    """Safety alerts raised in the period and the median hours until one was acknowledged.
    Three queries."""
    kinds = {RequestKind.SAFETY_ALERT}
    raised = db.session.execute(
        select(func.count()).select_from(SupportRequest).where(*_requests(scope, kinds))
    ).scalar_one()
    reached = _first_event(ANSWERED)
    measured = (
        select(
            SupportRequest.kind.label("kind"),
            hours_between(SupportRequest.created_at, reached.c.at).label("value"),
        )
        .join(reached, reached.c.request_id == SupportRequest.id)
        .where(*_requests(scope, kinds))
        .subquery()
    )
    acknowledged = db.session.execute(select(func.count()).select_from(measured)).scalar_one()
    median = _median_by_kind(measured).get(RequestKind.SAFETY_ALERT)
    return Table(
        "alerts",
        "Safety alerts",
        "Alerts raised in the period when someone answered that a child was not safe, how many "
        "were acknowledged, and the median hours until the IRO or a manager acknowledged one.",
        (
            Column("raised", "Raised"),
            Column("acknowledged", "Acknowledged"),
            Column("median_hours", "Median hours to acknowledge", "days"),
        ),
        [(raised, acknowledged, median)],
    )


def midpoints(scope: ReportScope) -> Table:
    """Midpoints (three months after a second or later review) falling due in the period: done
    (the IRO's note sent), overdue, and not yet due. A midpoint made pointless by a later review
    held before it is left out. One query."""
    later = aliased(Review)
    superseded = (
        select(later.id)
        .where(
            later.child_id == Review.child_id,
            later.status == ReviewStatus.HELD,
            later.held_on > Review.held_on,
            later.held_on <= Review.midpoint_due_on,
        )
        .exists()
    )
    done = MidpointNote.sent_at.is_not(None)
    row = db.session.execute(
        select(
            func.count(),
            _counted(done),
            _counted(and_(~done, Review.midpoint_due_on < scope.today)),
        )
        .select_from(Review)
        .join(Child, Child.id == Review.child_id)
        .outerjoin(MidpointNote, MidpointNote.review_id == Review.id)
        .where(
            *_children(scope),
            Review.status == ReviewStatus.HELD,
            Review.midpoint_due_on >= scope.since,
            Review.midpoint_due_on <= scope.until,
            ~superseded,
        )
    ).one()
    due, finished, overdue = (int(v) for v in row)
    return Table(
        "midpoints",
        "Midpoints",
        "The IRO's check three months after a second or later review, for midpoints due in the "
        "period: done, overdue, and not due yet.",
        (Column("measure", "Midpoints", "text"), Column("count", "Count")),
        [
            ("Due in the period", due),
            ("Done", finished),
            ("Overdue", overdue),
            ("Not due yet", due - finished - overdue),
        ],
        Chart("measure", ("count",)),
    )


FACES = (1, 2, 3, 4, 5)
FACE_TITLES = ("Very sad", "Sad", "OK", "Happy", "Very happy")


def _feelings_questions() -> dict[str, str]:
    """Every faces question of the young person's forms, with the theme it tells us about."""
    from portal.consultation import forms
    from portal.consultation.schema import Kind

    found = {}
    for form in forms.FORMS:
        if form.audience is None or form.purpose is not Purpose.VIEWS:
            continue
        for page in form.pages:
            for question in page.questions:
                if question.kind is Kind.FEELINGS:
                    found[question.id] = question.id.split(".")[0]
    return found


def _quarter(day: Any) -> Any:
    month = func.extract("month", day)
    return case((month <= 3, 1), (month <= 6, 2), (month <= 9, 3), else_=4)


def themes(scope: ReportScope) -> list[Table]:
    """What children are telling us: for each theme, how many children chose each face, quarter
    by quarter (of the review the views were for), from each child's latest views. Trends
    only: no free text, and no group of fewer than 5 children (a quarter with fewer is left
    out; a face chosen by fewer shows as suppressed). Two queries."""
    from portal.consultation import forms

    latest = _latest(
        scope,
        Purpose.VIEWS,
        Invitation.role == ParticipantRole.CHILD,
        Review.status == ReviewStatus.HELD,
        Review.held_on >= scope.since,
        Review.held_on <= scope.until,
        day=Review.held_on,
    )
    parts = [
        select(
            literal(theme).label("theme"),
            latest.c.child_id,
            func.extract("year", latest.c.day).label("year"),
            _quarter(latest.c.day).label("quarter"),
            latest.c.answers[(question_id, "value")].as_integer().label("face"),
        ).where(latest.c.newest == 1)
        for question_id, theme in _feelings_questions().items()
    ]
    faces = union_all(*parts).subquery()
    chosen = faces.c.face.in_(FACES)
    per_face = db.session.execute(
        select(
            faces.c.theme,
            faces.c.year,
            faces.c.quarter,
            faces.c.face,
            func.count(faces.c.child_id.distinct()),
        )
        .where(chosen)
        .group_by(faces.c.theme, faces.c.year, faces.c.quarter, faces.c.face)
    ).all()
    children = db.session.execute(
        select(
            faces.c.theme, faces.c.year, faces.c.quarter, func.count(faces.c.child_id.distinct())
        )
        .where(chosen)
        .group_by(faces.c.theme, faces.c.year, faces.c.quarter)
    ).all()
    totals = {(theme, int(year), int(quarter)): count for theme, year, quarter, count in children}
    counts = {(t, int(y), int(q), int(f)): c for t, y, q, f, c in per_face}
    titles = {theme.key: theme.pack_title for theme in forms.THEMES.values()}
    tables = []
    for theme in sorted(
        {key[0] for key in totals}, key=lambda t: list(titles).index(t) if t in titles else 99
    ):
        periods = sorted(key[1:] for key in totals if key[0] == theme)
        rows, suppressed = [], 0
        for year, quarter in periods:
            if totals[(theme, year, quarter)] < SMALLEST_GROUP:
                suppressed += 1
                continue
            cells = [counts.get((theme, year, quarter, face), 0) for face in FACES]
            rows.append((f"{year} Q{quarter}", *(_shown(cell) for cell in cells)))
        tables.append(
            Table(
                f"themes-{theme.replace('_', '-')}",
                f"What children told us: {titles.get(theme, theme)}",
                "How many children chose each face, by the quarter of their review. A quarter "
                f"with fewer than {SMALLEST_GROUP} children is left out, and a face chosen by "
                f"fewer than {SMALLEST_GROUP} is shown as suppressed.",
                (
                    Column("quarter", "Quarter", "text"),
                    *(
                        Column(f"face_{face}", title)
                        for face, title in zip(FACES, FACE_TITLES, strict=True)
                    ),
                ),
                rows,
                Chart("quarter", tuple(f"face_{face}" for face in FACES), stacked=True),
                suppressed,
            )
        )
    return tables


def _shown(count: int) -> int | None:
    """A count, or None (suppressed) when fewer than the smallest group shown, but not zero."""
    return None if 0 < count < SMALLEST_GROUP else count
