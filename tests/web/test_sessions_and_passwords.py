"""Finding 9 of the trust issue: sessions renewed when a secret is accepted, a `__Host-` cookie in
production, a password step that says nothing about the account, strong staff passwords, and a
password someone else chose changed at first sign-in."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from portal import accounts
from portal.extensions import db
from portal.models import Role, StaffUser, WebSession
from tests import factories

WEAK = ["aaaaaaaaaaaa", "password1234", "qwertyuiop12", "iloveyou2024"]


def test_the_participant_session_id_changes_when_the_secret_is_accepted(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
    factories.open_invitation(app.test_client(), issued, pin="2468")

    child = app.test_client()
    child.get(f"/i/{issued.token}")
    before = child.get_cookie("portal_session").value
    token = child.csrf_token("/secret")
    assert child.post("/secret", data={"csrf_token": token, "pin": "2468"}).status_code == 303
    after = child.get_cookie("portal_session").value
    assert before != after
    # The id from before the secret opens nothing now.
    stale = app.test_client()
    stale.set_cookie("portal_session", before)
    assert stale.get("/welcome").status_code == 404


def test_production_uses_a_host_only_secure_session_cookie(production_app):
    production = production_app
    assert production.config["SESSION_COOKIE_NAME"] == "__Host-portal_session"
    with production.app_context():
        response = production.test_client().get("/staff/sign-in", base_url="https://portal.test")
        db.session.remove()
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-portal_session=")
    assert "Secure" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie


def password_step(client, email: str, password: str):
    token = client.csrf_token("/staff/sign-in")
    response = client.post(
        "/staff/sign-in", data={"csrf_token": token, "email": email, "password": password}
    )
    page = client.get("/staff/sign-in/security-code").get_data(as_text=True)
    return response.status_code, response.headers.get("Location"), _without_tokens(page)


def _without_tokens(page: str) -> str:
    return re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"|[0-9a-f]{32}', "", page)


def test_the_password_step_is_the_same_with_or_without_an_authenticator(app, organisation):
    enrolled = factories.staff(organisation, Role.IRO)
    new = factories.staff(organisation, Role.IRO, enrolled=False)
    answers = {
        "set up, right password": password_step(
            app.test_client(), enrolled.email, factories.PASSWORD
        ),
        "set up, wrong password": password_step(
            app.test_client(), enrolled.email, "not the password, long"
        ),
        "not set up, right password": password_step(
            app.test_client(), new.email, factories.PASSWORD
        ),
        "not set up, wrong password": password_step(
            app.test_client(), new.email, "not the password, long"
        ),
        "no account": password_step(app.test_client(), "nobody@example.org", "whatever it is"),
    }
    assert len(set(answers.values())) == 1, answers


@pytest.mark.parametrize("weak", WEAK)
def test_weak_passwords_are_refused_when_an_administrator_adds_someone(staff_client, weak):
    admin, _person = staff_client(Role.SYSADMIN)
    token = admin.csrf_token("/staff/admin/staff/new")
    soup = admin.post_page(
        "/staff/admin/staff/new",
        status=400,
        data={
            "csrf_token": token,
            "name": "Jo Bloggs",
            "email": "jo@example.org",
            "role": "iro",
            "password": weak,
        },
    )
    assert "Choose a longer password that others would not guess" in soup.get_text()
    assert (
        db.session.execute(
            select(func.count()).select_from(StaffUser).where(StaffUser.email == "jo@example.org")
        ).scalar()
        == 0
    )


def test_a_password_containing_ones_own_name_is_refused(staff_client):
    admin, _person = staff_client(Role.SYSADMIN)
    token = admin.csrf_token("/staff/admin/staff/new")
    admin.post_page(
        "/staff/admin/staff/new",
        status=400,
        data={
            "csrf_token": token,
            "name": "Oluwaseun Adebayo",
            "email": "oluwaseun@example.org",
            "role": "iro",
            "password": "oluwaseun2024",
        },
    )


@pytest.mark.parametrize("weak", WEAK[:2])
def test_weak_passwords_are_refused_on_the_command_line(app, organisation, weak):
    result = CliRunner().invoke(
        app.cli,
        [
            "create-staff",
            "--organisation",
            organisation.name,
            "--name",
            "Jo Bloggs",
            "--email",
            "jo@example.org",
            "--role",
            "sysadmin",
            "--password",
            weak,
        ],
    )
    assert result.exit_code != 0
    assert "would not guess" in result.output


def add_staff_as_admin(admin, email: str, password: str) -> None:
    token = admin.csrf_token("/staff/admin/staff/new")
    response = admin.post(
        "/staff/admin/staff/new",
        data={
            "csrf_token": token,
            "name": "Jo Bloggs",
            "email": email,
            "role": "iro",
            "password": password,
        },
    )
    assert response.status_code == 303


def test_a_password_someone_else_chose_is_changed_at_first_sign_in(app, staff_client):
    admin, _person = staff_client(Role.SYSADMIN)
    handed_over = "violet lantern harbour ninety"
    add_staff_as_admin(admin, "jo@example.org", handed_over)
    jo = db.session.execute(
        select(StaffUser).where(StaffUser.email == "jo@example.org")
    ).scalar_one()
    assert jo.password_change_required
    jo.totp_secret = accounts.new_totp_secret()
    db.session.commit()

    browser = app.test_client()
    token = browser.csrf_token("/staff/sign-in")
    browser.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": jo.email, "password": handed_over},
    )
    token = browser.csrf_token("/staff/sign-in/security-code")
    response = browser.post(
        "/staff/sign-in/security-code",
        data={"csrf_token": token, "code": factories.next_code(jo)},
    )
    assert response.headers["Location"] == "/staff/password"
    # Every other page sends them back until they have chosen their own.
    for url in ("/staff/", "/staff/children", "/staff/reviews/1"):
        assert browser.get(url).headers["Location"] == "/staff/password", url

    url = "/staff/password"
    token = browser.csrf_token(url)
    same = browser.post_page(
        url,
        status=400,
        data={
            "csrf_token": token,
            "current_password": handed_over,
            "new_password": handed_over,
            "new_password_again": handed_over,
        },
    )
    assert "different from your current one" in same.get_text()
    weak = browser.post_page(
        url,
        status=400,
        data={
            "csrf_token": token,
            "current_password": handed_over,
            "new_password": "password1234",
            "new_password_again": "password1234",
        },
    )
    assert "would not guess" in weak.get_text()
    mine = "copper meadow sketchbook owl"
    done = browser.post(
        url,
        data={
            "csrf_token": token,
            "current_password": handed_over,
            "new_password": mine,
            "new_password_again": mine,
        },
    )
    assert done.headers["Location"] == "/staff/"
    assert browser.get("/staff/").status_code == 200
    db.session.refresh(jo)
    assert not jo.password_change_required
    assert db.session.execute(select(func.count()).select_from(WebSession)).scalar() >= 1
