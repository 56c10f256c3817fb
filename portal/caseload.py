"""What a member of staff sees across their caseload, loaded in a fixed number of queries
however many children it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import joinedload, selectinload

from portal import reviews, timescales
from portal.extensions import db
from portal.models import Child, Invitation, Review, ReviewKind, ReviewStatus, StaffUser
from portal.models.base import utcnow

UPCOMING_WEEKS = 8


@dataclass(frozen=True)
class InvitationCounts:
    not_opened: int = 0
    opened: int = 0
    submitted: int = 0


def invitation_state(invitation: Invitation, now: datetime) -> str:
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= now:
        return "expired"
    if invitation.submitted_at is not None:
        return "submitted"
    if invitation.first_opened_at is not None:
        return "opened"
    return "not_opened"


def count_invitations(review: Review, now: datetime) -> InvitationCounts:
    states = [invitation_state(i, now) for i in review.invitations]
    return InvitationCounts(
        not_opened=states.count("not_opened"),
        opened=states.count("opened"),
        submitted=states.count("submitted"),
    )


@dataclass(frozen=True)
class UpcomingReview:
    review: Review
    timeliness: timescales.Timeliness
    invitations: InvitationCounts


@dataclass(frozen=True)
class Unbooked:
    """A child whose next review is not booked yet, with the date it is due by."""

    child: Child
    kind: ReviewKind
    due: date | None
    timeliness: timescales.Timeliness | None


@dataclass
class Board:
    upcoming: list[UpcomingReview] = field(default_factory=list)
    unbooked: list[Unbooked] = field(default_factory=list)

    @property
    def at_risk(self) -> list[UpcomingReview]:
        return [row for row in self.upcoming if row.timeliness.at_risk]


def upcoming_reviews(user: StaffUser, today: date) -> Board:
    """Scheduled reviews in the next 8 weeks (and any overdue), then children with none booked."""
    now = utcnow()
    horizon = datetime.combine(
        today + timedelta(weeks=UPCOMING_WEEKS), time.max, tzinfo=reviews.local_zone()
    )
    scheduled = db.session.execute(
        reviews.reviews_visible_to(user)
        .where(Review.status == ReviewStatus.SCHEDULED)
        .where((Review.scheduled_at <= horizon) | (Review.due_date < today))
        .options(joinedload(Review.child).joinedload(Child.iro), selectinload(Review.invitations))
        .order_by(Review.scheduled_at)
    ).scalars()
    board = Board()
    for review in scheduled:
        board.upcoming.append(
            UpcomingReview(review, reviews.timeliness(review), count_invitations(review, now))
        )
    board.unbooked = unbooked_children(user, today)
    return board


def unbooked_children(user: StaffUser, today: date) -> list[Unbooked]:
    rows = db.session.execute(
        reviews.children_visible_to(user).options(
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
