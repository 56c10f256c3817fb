"""What a member of staff sees across their caseload, loaded in a fixed number of queries
however many children it holds: reviews coming up (urgent ones first) with each participant's
progress and any support asked for, reviews at risk of missing their statutory date, and children
with no review booked."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal import child_letters, i18n, midpoints, reviews, timescales
from portal.extensions import db
from portal.models import (
    Child,
    Consultation,
    Invitation,
    ParticipantRole,
    Purpose,
    RequestKind,
    RequestStatus,
    Review,
    ReviewKind,
    ReviewStatus,
    Role,
    StaffUser,
    SupportRequest,
)
from portal.models.base import utcnow

UPCOMING_WEEKS = 8


def invitation_state(invitation: Invitation, now: datetime) -> str:
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= now:
        return "expired"
    if invitation.submitted_at is not None:
        return "submitted"
    if invitation.consultation_for(Purpose.VIEWS) is not None:
        return "started"
    if invitation.first_opened_at is not None:
        return "opened"
    return "not_opened"


@dataclass(frozen=True)
class Participant:
    label: str
    role: str
    state: str  # not_opened, opened, started, submitted, revoked, expired


REQUEST_LABELS = {
    RequestKind.ADVOCATE: "Asked for an advocate",
    RequestKind.INDEPENDENT_VISITOR: "Asked for an Independent Visitor",
    RequestKind.TALK_TO_IRO: "Wants to talk to you before the meeting",
    RequestKind.INTERPRETER: "Needs an interpreter",
}
STATUS_LABELS = {
    RequestStatus.RECEIVED: "received",
    RequestStatus.ACKNOWLEDGED: "acknowledged",
    RequestStatus.ALLOCATED: "allocated",
    RequestStatus.WAITING_LIST: "on the waiting list",
    RequestStatus.CLOSED: "closed",
}


def request_label(request: SupportRequest) -> str:
    """A request in structured words only (never the participant's own): what, for whom, in
    which language, where it stands."""
    label = REQUEST_LABELS[request.kind]
    if request.kind is RequestKind.INTERPRETER and request.language:
        label += f" ({i18n.language(request.language).english_name})"
    if request.raised_by_role is not ParticipantRole.CHILD:
        label = f"{request.raised_by_name}: {label[0].lower()}{label[1:]}"
    return f"{label}, {STATUS_LABELS[request.status]}"


def support_requests(review: Review) -> list[str]:
    """The open requests for help raised through this review's invitations."""
    return [
        request_label(request)
        for request in review.support_requests
        if not request.is_alert and request.is_open
    ]


@dataclass(frozen=True)
class Alert:
    """Someone said a child may not be safe: the child themselves, or an adult (never shown as
    if the child had said it). Plain data for the dashboard and the IRO pack."""

    id: int
    child_name: str
    label: str  # how the invitation names them: "Kai", "Mum"
    role: str
    at: datetime
    status: str
    escalated: bool

    @property
    def by_child(self) -> bool:
        return self.role == ParticipantRole.CHILD.value

    @property
    def raised_by(self) -> str:
        return self.label if self.by_child else f"{self.label} ({self.role})"

    @property
    def text(self) -> str:
        if self.by_child:
            return f'{self.raised_by} answered "no" to "Are you safe right now?"'
        return f'{self.raised_by} answered "yes" to "Is a child in danger right now?"'


def alert_of(request: SupportRequest) -> Alert:
    return Alert(
        id=request.id,
        child_name=request.child.name if request.child else "",
        label=request.raised_by_name,
        role=request.raised_by_role.value if request.raised_by_role else "",
        at=request.created_at,
        status=request.status.value,
        escalated=request.escalated_at is not None,
    )


def alerts_of(review: Review) -> list[Alert]:
    """Every alert raised through this review, newest first, whatever its status."""
    alerts = [alert_of(r) for r in review.support_requests if r.is_alert]
    return sorted(alerts, key=lambda alert: alert.at, reverse=True)


def open_alerts(user: StaffUser) -> list[Alert]:
    """Alerts on the caseload nobody has closed yet, whatever the state of their review: they
    stay at the top of the dashboard until a person has dealt with them."""
    rows = db.session.execute(
        select(SupportRequest)
        .where(
            SupportRequest.kind == RequestKind.SAFETY_ALERT,
            SupportRequest.status != RequestStatus.CLOSED,
            SupportRequest.child_id.in_(
                reviews.children_visible_to(user).with_only_columns(Child.id)
            ),
        )
        .options(joinedload(SupportRequest.child))
        .order_by(SupportRequest.created_at.desc())
    ).scalars()
    return [alert_of(request) for request in rows]


@dataclass(frozen=True)
class UpcomingReview:
    review: Review
    timeliness: timescales.Timeliness
    participants: list[Participant]
    alerts: list[Alert]
    requests: list[str]

    @property
    def urgent_at(self) -> datetime | None:
        """When the newest alert still open was raised."""
        return next((alert.at for alert in self.alerts if alert.status != "closed"), None)

    def count(self, state: str) -> int:
        return sum(1 for p in self.participants if p.state == state)

    @property
    def has_new_views(self) -> bool:
        return any(p.state == "submitted" for p in self.participants)


@dataclass(frozen=True)
class Unbooked:
    """A child whose next review is not booked yet, with the date it is due by."""

    child: Child
    kind: ReviewKind
    due: date | None
    timeliness: timescales.Timeliness | None


class Show(enum.StrEnum):
    """The dashboard's filters."""

    ALL = "all"
    URGENT = "urgent"
    AT_RISK = "at_risk"
    DUE_SOON = "due_soon"
    SUPPORT = "support"
    VIEWS_SENT = "views_sent"


SHOW_LABELS = {
    Show.ALL: "All reviews",
    Show.URGENT: "Urgent: not safe",
    Show.AT_RISK: "At risk of missing the statutory date",
    Show.DUE_SOON: "Due soon",
    Show.SUPPORT: "Support asked for",
    Show.VIEWS_SENT: "Views sent",
}


@dataclass
class Board:
    upcoming: list[UpcomingReview] = field(default_factory=list)
    unbooked: list[Unbooked] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)  # open ones, whatever their review
    letters_due: list[Any] = field(default_factory=list)  # the IRO's letters still to send
    midpoints: list[Any] = field(default_factory=list)  # the IRO's midpoints due or overdue

    @property
    def at_risk(self) -> list[UpcomingReview]:
        return [row for row in self.upcoming if row.timeliness.at_risk]

    @property
    def due_soon(self) -> list[UpcomingReview]:
        return [row for row in self.upcoming if row.timeliness.due_soon]

    @property
    def urgent(self) -> list[UpcomingReview]:
        return [row for row in self.upcoming if row.urgent_at]


def _keep(row: UpcomingReview, show: Show) -> bool:
    return {
        Show.ALL: True,
        Show.URGENT: row.urgent_at is not None,
        Show.AT_RISK: row.timeliness.at_risk,
        Show.DUE_SOON: row.timeliness.due_soon,
        Show.SUPPORT: bool(row.requests),
        Show.VIEWS_SENT: row.has_new_views,
    }[show]


def _matching(query: Select[Any], search: str) -> Select[Any]:
    if not search:
        return query
    pattern = f"%{search.lower()}%"
    return query.where(
        or_(func.lower(Child.name).like(pattern), func.lower(Child.case_reference).like(pattern))
    )


def upcoming_reviews(
    user: StaffUser, today: date, search: str = "", show: Show = Show.ALL
) -> Board:
    """Scheduled reviews in the next 8 weeks (and any overdue), urgent first; then children
    with no review booked."""
    now = utcnow()
    horizon = datetime.combine(
        today + timedelta(weeks=UPCOMING_WEEKS), time.max, tzinfo=reviews.local_zone()
    )
    scheduled = db.session.execute(
        _matching(reviews.reviews_visible_to(user), search)
        .where(Review.status == ReviewStatus.SCHEDULED)
        .where((Review.scheduled_at <= horizon) | (Review.due_date < today))
        .options(
            joinedload(Review.child).joinedload(Child.iro),
            selectinload(Review.invitations)
            .selectinload(Invitation.consultations)
            .selectinload(Consultation.submissions),
            selectinload(Review.support_requests),
        )
        .order_by(Review.scheduled_at)
    ).scalars()
    board = Board()
    for review in scheduled:
        row = _row(review, now)
        if _keep(row, show):
            board.upcoming.append(row)
    board.upcoming.sort(key=lambda row: row.urgent_at is None)  # stable: urgent first, then by date
    board.unbooked = unbooked_children(user, today, search) if show is Show.ALL else []
    board.alerts = open_alerts(user)
    if user.role is Role.IRO:
        board.letters_due = child_letters.letters_due(user, today)
        board.midpoints = midpoints.midpoints(user, today)
    return board


def _row(review: Review, now: datetime) -> UpcomingReview:
    return UpcomingReview(
        review=review,
        timeliness=reviews.timeliness(review),
        participants=[
            Participant(i.label, i.role.value, invitation_state(i, now)) for i in review.invitations
        ],
        alerts=[alert for alert in alerts_of(review) if alert.status != "closed"],
        requests=support_requests(review),
    )


def unbooked_children(user: StaffUser, today: date, search: str = "") -> list[Unbooked]:
    rows = db.session.execute(
        _matching(reviews.children_visible_to(user), search).options(
            selectinload(Child.reviews), joinedload(Child.iro)
        )
    ).scalars()
    unbooked = []
    for child in rows:
        if any(r.status is ReviewStatus.SCHEDULED for r in child.reviews):
            continue
        kind = reviews.next_kind(child)
        previous_on = reviews.default_previous_review_on(child)
        due = None
        if kind is ReviewKind.FIRST or previous_on is not None:
            due = timescales.due_date(
                kind, looked_after_since=child.looked_after_since, previous_review_on=previous_on
            )
        status = timescales.timeliness(due, due, today) if due else None
        unbooked.append(Unbooked(child, kind, due, status))
    unbooked.sort(key=lambda row: row.due or date.max)
    return unbooked


def children(user: StaffUser) -> list[Child]:
    return list(
        db.session.execute(
            reviews.children_visible_to(user)
            .options(joinedload(Child.iro), selectinload(Child.reviews))
            .order_by(Child.name)
        ).scalars()
    )
