"""The command-line tasks: seed-demo, create-organisation, create-staff, purge-expired."""

import json
from datetime import timedelta

import pyotp
from sqlalchemy import func, select

from portal.consultation import forms
from portal.extensions import db
from portal.models import (
    Answer,
    Child,
    Consultation,
    Invitation,
    Organisation,
    Review,
    Role,
    SaveReceipt,
    StaffUser,
    Submission,
    WebSession,
)
from portal.models.base import utcnow
from tests import factories
from tests.consultation_helpers import answer_page


def counts():
    return {
        model.__name__: db.session.execute(select(func.count()).select_from(model)).scalar()
        for model in (Organisation, StaffUser, Child, Review, Invitation)
    }


def seed(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # exactly one JSON document, nothing else


def test_seed_demo_prints_sign_ins_and_links(app, client):
    demo = seed(app)
    assert demo["base_url"] == "http://portal.test"
    assert sorted(person["role"] for person in demo["staff"]) == sorted(r.value for r in Role)
    ages = sorted({item["child_age"] for item in demo["invitations"]})
    assert ages == [3, 7, 11, 14, 15, 16]
    children = [item for item in demo["invitations"] if item["role"] == "child"]
    assert 3 not in {item["child_age"] for item in children}  # under 4: no invitation
    assert {item["language"] for item in children} >= {"ti", "ar"}
    assert all(
        {item["role"] for item in demo["invitations"] if item["review_id"] == rid}
        >= {"parent", "carer"}
        for rid in {item["review_id"] for item in demo["invitations"]}
    )
    yonas = next(i for i in children if i["language"] == "ti")
    assert client.get(yonas["url"].removeprefix("http://portal.test")).status_code == 303
    assert client.get("/welcome").headers["Location"] == "/secret/new"  # a young person's secret
    soup = client.get_page("/secret/new")
    assert soup.html["lang"] == "ti"


def test_seed_demo_sign_ins_work(app, client):
    demo = seed(app)
    iro = next(person for person in demo["staff"] if person["role"] == "iro")
    token = client.csrf_token("/staff/sign-in")
    client.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": iro["email"], "password": iro["password"]},
    )
    token = client.csrf_token("/staff/sign-in/security-code")
    code = pyotp.TOTP(iro["totp_secret"]).now()
    client.post("/staff/sign-in/security-code", data={"csrf_token": token, "code": code})
    soup = client.get_page("/staff/")
    assert "Yonas" in soup.get_text()


def test_seeding_twice_duplicates_nothing_and_reissues_the_links(app, client):
    first = seed(app)
    before = counts()
    second = seed(app)
    assert counts() == before
    old = first["invitations"][0]["url"].removeprefix("http://portal.test")
    new = second["invitations"][0]["url"].removeprefix("http://portal.test")
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 303


def test_create_organisation_and_staff(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-organisation",
            "--name",
            "Northshire",
            "--advocacy-name",
            "Voice",
            "--advocacy-email",
            "voice@example.org",
            "--iv-name",
            "IV",
            "--iv-email",
            "iv@example.org",
            "--complaints-email",
            "c@example.org",
            "--helpline",
            "Call us",
            "--worried-adult-contact",
            "Children's services 01632 960 100",
        ]
    )
    assert result.exit_code == 0, result.output
    made = db.session.execute(select(Organisation).where(Organisation.name == "Northshire"))
    assert made.scalar_one().worried_adult_text == "Children's services 01632 960 100"
    result = runner.invoke(
        args=[
            "create-staff",
            "--organisation",
            "Northshire",
            "--name",
            "Ann Iro",
            "--email",
            "Ann@Example.org",
            "--role",
            "iro",
        ],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    person = db.session.execute(select(StaffUser)).scalar_one()
    assert (person.email, person.role, person.totp_secret) == ("ann@example.org", Role.IRO, None)
    assert "a long enough password" not in person.password_hash


def test_create_staff_refuses_short_passwords_and_unknown_organisations(app, organisation):
    runner = app.test_cli_runner()
    short = runner.invoke(
        args=[
            "create-staff",
            "--organisation",
            organisation.name,
            "--name",
            "A",
            "--email",
            "a@example.org",
            "--role",
            "iro",
        ],
        input="short\nshort\n",
    )
    assert short.exit_code != 0
    assert "at least 12 characters" in short.output
    unknown = runner.invoke(
        args=[
            "create-staff",
            "--organisation",
            "Nowhere",
            "--name",
            "A",
            "--email",
            "a@example.org",
            "--role",
            "iro",
        ],
        input="a long enough password\na long enough password\n",
    )
    assert unknown.exit_code != 0
    assert db.session.execute(select(func.count()).select_from(StaffUser)).scalar() == 0


def test_purge_expired_deletes_old_sessions_and_ended_invitations(app, client, organisation):
    review = factories.review(factories.child(organisation))
    ended = factories.invitation(review)
    current = factories.invitation(review)
    ended.invitation.expires_at = utcnow() - timedelta(days=organisation.data_retention_days + 1)
    client.get("/code")  # makes a session
    db.session.execute(WebSession.__table__.update().values(expires_at=utcnow()))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 expired sessions and 1 ended invitations" in result.output
    remaining = db.session.execute(select(Invitation.id)).scalars().all()
    assert remaining == [current.invitation.id]


def test_purging_an_invitation_deletes_what_was_sent_through_it(app, client, organisation):
    child = factories.child(organisation, factories.staff(organisation, Role.IRO), age=15)
    issued = factories.invitation(factories.review(child))
    factories.open_invitation(client, issued)
    answer_page(client, forms.young_person_form(15).pages[0])
    assert db.session.execute(select(func.count()).select_from(Answer)).scalar() > 0
    receipt = db.session.execute(select(SaveReceipt)).scalar_one()
    receipt.created_at = utcnow() - timedelta(days=3)
    issued.invitation.expires_at = utcnow() - timedelta(days=organisation.data_retention_days + 1)
    db.session.commit()
    app.test_cli_runner().invoke(args=["purge-expired"])
    for model in (Invitation, Consultation, Answer, SaveReceipt):
        assert db.session.execute(select(func.count()).select_from(model)).scalar() == 0, model


def test_the_demo_has_views_in_its_packs(app, client):
    seed(app)
    demo = seed(app)  # seeding again sends nothing twice (and sets new passwords)
    # Three young people and Kai's mum have sent their views.
    assert db.session.execute(select(func.count()).select_from(Submission)).scalar() == 4
    iro = next(person for person in demo["staff"] if person["role"] == "iro")
    token = client.csrf_token("/staff/sign-in")
    client.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": iro["email"], "password": iro["password"]},
    )
    token = client.csrf_token("/staff/sign-in/security-code")
    client.post(
        "/staff/sign-in/security-code",
        data={"csrf_token": token, "code": pyotp.TOTP(iro["totp_secret"]).now()},
    )
    kai = db.session.execute(select(Child).where(Child.name == "Kai")).scalar_one()
    text = client.get_page(f"/staff/reviews/{kai.reviews[0].id}/pack?pack=meeting").get_text(" ")
    assert "learning the guitar" in text
    assert "social worker keeps changing" not in text
    assert "Family time keeps being cancelled" in text  # his mum's shared answer
    assert "hard to talk in front of his social worker" not in text  # hers for the IRO only
