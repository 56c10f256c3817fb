"""Small factories for the models, and signing in as staff through the real pages."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from typing import Any

import pyotp
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from portal import accounts, invitations, reviews
from portal.extensions import db
from portal.models import (
    Child,
    Organisation,
    ParticipantRole,
    Review,
    ReviewFormat,
    ReviewKind,
    Role,
    StaffUser,
)
from portal.models.base import utcnow

PASSWORD = "a long enough test password"
_sequence = itertools.count(1)


def organisation(name: str | None = None) -> Organisation:
    n = next(_sequence)
    org = Organisation(
        name=name or f"Council {n}",
        advocacy_service_name="Hear Me",
        advocacy_service_email=f"hearme{n}@example.org",
        independent_visitor_provider_name="NYAS",
        independent_visitor_provider_email=f"iv{n}@example.org",
        complaints_email=f"complaints{n}@example.org",
        helpline_text="Call the Children's Rights team on 01632 960 001.",
    )
    db.session.add(org)
    db.session.commit()
    return org


def staff(
    org: Organisation, role: Role = Role.IRO, *, enrolled: bool = True, name: str | None = None
) -> StaffUser:
    n = next(_sequence)
    person = accounts.create_staff(
        org,
        name=name or f"{role.title} {n}",
        email=f"{role.value}{n}@example.org",
        role=role,
        password=PASSWORD,
        totp_secret=accounts.new_totp_secret() if enrolled else None,
    )
    db.session.commit()
    return person


def next_code(person: StaffUser) -> str:
    """A TOTP code not used yet: the current step's, or the next one's if that was used."""
    db.session.refresh(person)
    totp = pyotp.TOTP(person.totp_secret or "")
    step = totp.timecode(utcnow())
    if person.totp_last_step is not None and person.totp_last_step >= step:
        step = person.totp_last_step + 1
    return totp.generate_otp(step)


def sign_in(client: Any, person: StaffUser, password: str = PASSWORD) -> None:
    token = client.csrf_token("/staff/sign-in")
    response = client.post(
        "/staff/sign-in", data={"csrf_token": token, "email": person.email, "password": password}
    )
    assert response.status_code == 303, response.status_code
    token = client.csrf_token("/staff/sign-in/security-code")  # the session was renewed
    response = client.post(
        "/staff/sign-in/security-code", data={"csrf_token": token, "code": next_code(person)}
    )
    assert response.headers["Location"] == "/staff/", "sign-in failed"


def child(
    org: Organisation,
    iro: StaffUser | None = None,
    *,
    age: int = 12,
    name: str = "Sam",
    language: str = "en",
    looked_after_since: date | None = None,
) -> Child:
    today = reviews.local_today()
    record = Child(
        organisation=org,
        name=name,
        date_of_birth=today - relativedelta(years=age, months=3),
        preferred_language=language,
        case_reference=f"REF-{next(_sequence)}",
        iro=iro,
        looked_after_since=looked_after_since or today - relativedelta(years=1),
    )
    db.session.add(record)
    db.session.commit()
    return record


def review(
    record: Child,
    *,
    in_days: int = 14,
    kind: ReviewKind = ReviewKind.SUBSEQUENT,
    due: date | None = None,
) -> Review:
    day = reviews.local_today() + timedelta(days=in_days)
    row = Review(
        child=record,
        kind=kind,
        due_date=due or day + timedelta(days=14),
        previous_review_on=None if kind is ReviewKind.FIRST else day - relativedelta(months=6),
        scheduled_at=datetime.combine(day, time(16, 0), tzinfo=reviews.local_zone()),
        venue="At school",
        format=ReviewFormat.IN_PERSON,
    )
    db.session.add(row)
    db.session.commit()
    return row


def invitation(
    row: Review,
    role: ParticipantRole = ParticipantRole.CHILD,
    *,
    language: str = "en",
    by: StaffUser | None = None,
) -> invitations.IssuedInvitation:
    issuer = (
        by
        or db.session.execute(
            select(StaffUser).where(StaffUser.organisation_id == row.child.organisation_id)
        )
        .scalars()
        .first()
    )
    if issuer is None:
        issuer = staff(row.child.organisation, Role.REVIEW_ADMIN)
    return invitations.issue(row, role=role, label="", language=language, by=issuer)


PIN = "2468"


def open_invitation(client: Any, issued: invitations.IssuedInvitation, pin: str = PIN) -> None:
    """Open an invitation's link as its participant would; a young person also chooses (or
    gives) their secret number. Afterwards the client is on the welcome page's side."""
    response = client.get(f"/i/{issued.token}")
    assert response.status_code == 303, response.status_code
    if issued.invitation.role is not ParticipantRole.CHILD:
        return
    db.session.refresh(issued.invitation)
    if issued.invitation.secret_hash is None:
        token = client.csrf_token("/secret/new?kind=pin")
        response = client.post(
            "/secret/new?kind=pin", data={"csrf_token": token, "pin": pin, "pin_again": pin}
        )
    else:
        token = client.csrf_token("/secret")
        response = client.post("/secret", data={"csrf_token": token, "pin": pin})
    assert response.headers.get("Location") == "/welcome", response.status_code


def child_form(**changes: str) -> dict[str, str]:
    """The fields of the staff "Add a child" form, filled in as an administrator would."""
    today = reviews.local_today()
    form = {
        "name": "Amira",
        "date_of_birth": (today - relativedelta(years=9)).isoformat(),
        "case_reference": "MOSAIC-123",
        "looked_after_since": (today - timedelta(days=7)).isoformat(),
        "preferred_language": "ar",
        "iro_id": "0",
    }
    return {**form, **changes}


def hold(row: Review, day: date | None = None) -> Review:
    """Record a review as held (as the IRO's outcome page does), which opens feedback."""
    from portal import outcomes
    from portal.models import ReviewStatus

    row.status = ReviewStatus.HELD
    row.held_on = day or reviews.local_today()
    outcomes.keep_links_for_feedback(row)
    db.session.commit()
    return row
