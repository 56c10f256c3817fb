"""The demo organisation behind `flask --app wsgi seed-demo`.

Seeding twice changes nothing but the secrets: the same organisation, staff, children, reviews
and invitations are found again, passwords are set anew and invitations reissued, because the
old ones cannot be printed (only their digests are stored).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from dateutil.relativedelta import relativedelta
from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal import accounts, invitations, reviews, timescales
from portal.consultation import answers as answer_fields
from portal.consultation import engine
from portal.extensions import db
from portal.models import (
    Child,
    Helper,
    Invitation,
    Organisation,
    ParticipantRole,
    Review,
    ReviewFormat,
    ReviewKind,
    Role,
    StaffUser,
)

ORGANISATION = "Demo County Council"
EMAIL_DOMAIN = "demo.example"
STAFF = [
    (Role.IRO, "Priya Shah"),
    (Role.REVIEW_ADMIN, "Dan Okafor"),
    (Role.MANAGER, "Helen Moss"),
    (Role.ADVOCACY, "Sam Reid"),
    (Role.SYSADMIN, "Alex Kim"),
]


@dataclass(frozen=True)
class DemoChild:
    name: str
    age: int
    language: str
    uasc: bool
    reference: str
    weeks_ahead: int  # when their review is booked
    venue: str
    review_format: ReviewFormat
    parent_language: str = "en"
    # Answers the young person (and their parent) already sent, so the packs have something.
    views: dict[str, tuple[str, str]] | None = None
    parent_views: dict[str, tuple[str, str]] | None = None


KAI_VIEWS = {
    "home.feeling": ("4", "meeting"),
    "friends.words": ("I play football on Saturdays and I am learning the guitar.", "meeting"),
    "workers.words": (
        "My social worker keeps changing and I do not want to say this in front of everyone.",
        "iro_only",
    ),
    "meeting.place": ("school", "meeting"),
    "meeting.chair": ("help_chair", "meeting"),
    "meeting.icebreaker": (
        "If you could be a character from Harry Potter, who would you be?",
        "meeting",
    ),
    "meeting.advocate": ("yes", "meeting"),
}
YONAS_VIEWS = {
    "education.words": ("ኣብ ኮሌጅ እንግሊዝኛ ይመሃር ኣለኹ፡ ጽቡቕ እዩ።", "meeting"),
    "worries.words": ("ብዛዕባ ስድራይ ይሻቐል እየ።", "iro_only"),
    "meeting.interpreter": ("yes", "meeting"),
    "meeting.interpreter_language": ("ትግርኛ", "meeting"),
}
KAI_MUM_VIEWS = {
    "parent.health": ("well", "meeting"),
    "parent.family_time": ("not_well", "meeting"),
    "parent.working_well": ("Kai is doing well at school and loves his football.", "meeting"),
    "parent.worried_about": ("Family time keeps being cancelled at short notice.", "meeting"),
    "parent.join": ("online", "meeting"),
    "parent.private": ("I find it hard to talk in front of his social worker.", "iro_only"),
}
OMAR_VIEWS = {
    "family.words": ("أريد أن أرى أخي كل أسبوع.", "meeting"),
    "meeting.talk_to_iro_first": ("yes", "meeting"),
}
IN_PERSON, HYBRID, VIRTUAL = ReviewFormat.IN_PERSON, ReviewFormat.HYBRID, ReviewFormat.VIRTUAL
CHILDREN = [
    DemoChild("Mia", 3, "en", False, "DEMO-0003", 2, "At home with her carers", IN_PERSON),
    DemoChild("Jayden", 7, "en", False, "DEMO-0007", 3, "At school", IN_PERSON),
    DemoChild("Sophie", 11, "en", False, "DEMO-0011", 4, "At school", HYBRID),
    DemoChild(
        "Kai",
        15,
        "en",
        False,
        "DEMO-0015",
        5,
        "Online",
        VIRTUAL,
        views=KAI_VIEWS,
        parent_views=KAI_MUM_VIEWS,
    ),
    DemoChild(
        "Yonas",
        16,
        "ti",
        True,
        "DEMO-0016",
        1,
        "At his supported lodgings",
        IN_PERSON,
        views=YONAS_VIEWS,
    ),
    DemoChild(
        "Omar",
        14,
        "ar",
        False,
        "DEMO-0014",
        3,
        "At the family centre",
        IN_PERSON,
        "ar",
        views=OMAR_VIEWS,
    ),
]


def seed() -> dict[str, Any]:
    organisation = _organisation()
    staff = [_staff_member(organisation, role, name) for role, name in STAFF]
    iro = next(person for person, _, _ in staff if person.role is Role.IRO)
    admin = next(person for person, _, _ in staff if person.role is Role.REVIEW_ADMIN)
    today = reviews.local_today()
    issued = []
    for plan in CHILDREN:
        child = _child(organisation, iro, plan, today)
        review = _review(child, plan, today)
        issued.extend(_invitations(review, plan, admin))
        if plan.views:
            _views(review, ParticipantRole.CHILD, plan.views, plan.language)
        if plan.parent_views:
            _views(review, ParticipantRole.PARENT, plan.parent_views, plan.parent_language)
    db.session.commit()
    return {
        "base_url": current_app.config["BASE_URL"],
        "staff": [
            {
                "email": person.email,
                "password": password,
                "role": person.role.value,
                "totp_secret": totp,
            }
            for person, password, totp in staff
        ],
        "invitations": [
            {
                "review_id": item.invitation.review_id,
                "child_age": item.invitation.review.child.age_on(today),
                "role": item.invitation.role.value,
                "language": item.invitation.language,
                "url": item.url,
                "code": item.display_code,
            }
            for item in issued
        ],
    }


def _organisation() -> Organisation:
    organisation = db.session.execute(
        select(Organisation).where(Organisation.name == ORGANISATION)
    ).scalar_one_or_none()
    if organisation is None:
        organisation = Organisation(
            name=ORGANISATION,
            advocacy_service_name="Hear Me",
            advocacy_service_email=f"hearme@{EMAIL_DOMAIN}",
            independent_visitor_provider_name="Independent Visitors (NYAS)",
            independent_visitor_provider_email=f"independent-visitors@{EMAIL_DOMAIN}",
            complaints_email=f"complaints@{EMAIL_DOMAIN}",
            helpline_text=(
                "Call the Children's Rights team on 01632 960 000, Monday to Friday, 9am to 5pm."
            ),
            worried_adult_text=(
                "Children's services: 01632 960 100 (out of hours: 01632 960 999)."
            ),
            out_of_hours_phone="+443001234567",
            duty_email=f"duty@{EMAIL_DOMAIN}",
            parent_advocacy_offered=True,
            data_retention_days=365,
        )
        db.session.add(organisation)
        db.session.flush()
    return organisation


def _staff_member(organisation: Organisation, role: Role, name: str) -> tuple[StaffUser, str, str]:
    email = f"{role.value.replace('_', '-')}@{EMAIL_DOMAIN}"
    password = secrets.token_urlsafe(12)
    totp_secret = accounts.new_totp_secret()
    person = accounts.find_by_email(email)
    if person is None:
        person = accounts.create_staff(
            organisation,
            name=name,
            email=email,
            role=role,
            password=password,
            totp_secret=totp_secret,
        )
    else:
        person.password_hash = accounts.hash_password(password)
        person.totp_secret = totp_secret
        person.totp_last_step = None
        person.active = True
        person.failed_sign_ins = 0
        person.locked_until = None
    db.session.flush()
    return person, password, totp_secret


def _child(organisation: Organisation, iro: StaffUser, plan: DemoChild, today: date) -> Child:
    child = db.session.execute(
        select(Child).where(
            Child.organisation_id == organisation.id, Child.case_reference == plan.reference
        )
    ).scalar_one_or_none()
    if child is None:
        # Yonas arrived a fortnight ago, so his first review is still ahead of him.
        since = (
            timescales.add_working_days(today, -10)
            if plan.uasc
            else today - relativedelta(years=min(plan.age, 2), months=2)
        )
        child = Child(
            organisation=organisation,
            name=plan.name,
            date_of_birth=today - relativedelta(years=plan.age, months=4),
            preferred_language=plan.language,
            interpreter_needed=plan.language != "en",
            case_reference=plan.reference,
            iro=iro,
            looked_after_since=since,
            uasc=plan.uasc,
        )
        db.session.add(child)
        db.session.flush()
    return child


def _review(child: Child, plan: DemoChild, today: date) -> Review:
    existing = (
        db.session.execute(select(Review).where(Review.child_id == child.id).order_by(Review.id))
        .scalars()
        .first()
    )
    if existing is not None:
        return existing
    kind = ReviewKind.FIRST if plan.uasc else ReviewKind.SUBSEQUENT
    # Due a fortnight after the booked date, so the demo shows a review on time.
    previous_on = (
        None if plan.uasc else today + relativedelta(weeks=plan.weeks_ahead + 2, months=-6)
    )
    day = timescales.add_working_days(today, plan.weeks_ahead * 5)
    review = Review(
        child=child,
        kind=kind,
        previous_review_on=previous_on,
        due_date=timescales.due_date(
            kind, looked_after_since=child.looked_after_since, previous_review_on=previous_on
        ),
        scheduled_at=datetime.combine(day, time(16, 0), tzinfo=reviews.local_zone()),
        venue=plan.venue,
        format=plan.review_format,
    )
    db.session.add(review)
    db.session.flush()
    return review


def _invitations(
    review: Review, plan: DemoChild, admin: StaffUser
) -> list[invitations.IssuedInvitation]:
    wanted = [
        (ParticipantRole.PARENT, "Mum", plan.parent_language),
        (ParticipantRole.CARER, "Foster carer", "en"),
    ]
    if plan.age >= 4:
        wanted.insert(0, (ParticipantRole.CHILD, plan.name, plan.language))
    existing = {
        invitation.role: invitation
        for invitation in db.session.execute(
            select(Invitation).where(Invitation.review_id == review.id)
        ).scalars()
    }
    issued = []
    for role, label, language in wanted:
        if role in existing:
            issued.append(invitations.reissue(existing[role], by=admin))
        else:
            issued.append(
                invitations.issue(review, role=role, label=label, language=language, by=admin)
            )
    return issued


def _views(
    review: Review, role: ParticipantRole, views: dict[str, tuple[str, str]], language: str
) -> None:
    """Send a demo participant's views once (later seeds leave them as they are)."""
    invitation = next(i for i in review.invitations if i.role is role)
    consultation = engine.start(invitation)
    if consultation.submissions:
        return
    form = engine.definition(consultation)
    for page in form.pages:
        fields: MultiDict[str, str] = MultiDict()
        for question in page.questions:
            if question.id in views:
                value, visibility = views[question.id]
                fields[question.id] = value
                fields[f"{question.id}.visibility"] = visibility
        if fields:
            parsed, errors = answer_fields.parse_page(page, fields)
            assert not errors, errors
            engine.save_page(consultation, page, parsed, secrets.token_urlsafe(16), language)
    engine.submit(
        consultation,
        helper=Helper.NOBODY,
        idempotency_key=secrets.token_urlsafe(16),
        language=language,
    )
