"""Staff sign-in: password and a TOTP code, enrolment at first sign-in, time-outs, sign-out."""

from datetime import timedelta

import pyotp
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import AuditEvent, Role, StaffUser, WebSession
from portal.models.base import utcnow
from portal.staff.auth_views import FAILED
from tests import factories


def start_sign_in(client, email, password):
    token = client.csrf_token("/staff/sign-in")
    return client.post(
        "/staff/sign-in", data={"csrf_token": token, "email": email, "password": password}
    )


def enter_code(client, code):
    token = client.csrf_token("/staff/sign-in/security-code")
    return client.post(
        "/staff/sign-in/security-code",
        data={"csrf_token": token, "code": code},
        follow_redirects=True,
    )


def signed_in(client):
    return client.get("/staff/").status_code == 200


def test_password_and_code_sign_in_and_are_audited(client, organisation):
    person = factories.staff(organisation, Role.IRO)
    assert start_sign_in(client, person.email, factories.PASSWORD).status_code == 303
    assert not signed_in(client), "the password alone must not be enough"
    enter_code(client, factories.next_code(person))
    assert signed_in(client)
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "staff.sign_in")
    ).scalar_one()
    assert event.actor_staff_id == person.id
    assert event.request_id


def failure_page(client, email, password, code):
    start_sign_in(client, email, password)
    response = enter_code(client, code)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_wrong_password_wrong_code_and_unknown_account_fail_alike(client, organisation, app):
    person = factories.staff(organisation, Role.IRO)
    good_code = factories.next_code(person)
    pages = {
        "wrong password": failure_page(client, person.email, "not the password at all", good_code),
        "wrong code": failure_page(client, person.email, factories.PASSWORD, "000000"),
        "no such account": failure_page(client, "nobody@example.org", factories.PASSWORD, "123456"),
    }
    for why, page in pages.items():
        assert FAILED.replace("'", "&#39;") in page, why
        assert not signed_in(client), why
    # The three pages differ only in their CSRF tokens and request ids.
    assert len({_strip_tokens(page) for page in pages.values()}) == 1
    reasons = db.session.execute(
        select(AuditEvent.detail).where(AuditEvent.action == "staff.sign_in_failed")
    ).scalars()
    assert sorted(d["reason"] for d in reasons) == ["code", "password", "unknown_account"]


def _strip_tokens(page):
    import re

    return re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"', "", page)


def test_a_code_is_accepted_only_once(app, organisation):
    person = factories.staff(organisation, Role.IRO)
    code = factories.next_code(person)
    first, second = app.test_client(), app.test_client()
    start_sign_in(first, person.email, factories.PASSWORD)
    enter_code(first, code)
    assert signed_in(first)
    start_sign_in(second, person.email, factories.PASSWORD)
    enter_code(second, code)
    assert not signed_in(second)


def set_up_page(client):
    soup = client.get_page("/staff/sign-in/set-up-security-code")
    assert soup.find("svg", class_="letter-qr")
    return soup.find(class_="secret").get_text(strip=True)


def enrol(client, code):
    token = client.csrf_token("/staff/sign-in/set-up-security-code")
    return client.post(
        "/staff/sign-in/set-up-security-code", data={"csrf_token": token, "code": code}
    )


def test_first_sign_in_enrols_an_authenticator(client, organisation):
    person = factories.staff(organisation, Role.REVIEW_ADMIN, enrolled=False)
    response = start_sign_in(client, person.email, factories.PASSWORD)
    # The same next step as for everyone: the code page, which links to setting up.
    assert response.headers["Location"] == "/staff/sign-in/security-code"
    assert (
        "I have not set up an authenticator app yet"
        in client.get_page("/staff/sign-in/security-code").get_text()
    )
    set_up_page(client)
    wrong = enrol(client, "000000")
    assert wrong.headers["Location"] == "/staff/sign-in"  # a verdict like any other
    db.session.refresh(person)
    assert person.failed_sign_ins == 1  # and it counts towards the lock
    assert person.totp_secret is None

    start_sign_in(client, person.email, factories.PASSWORD)
    secret = set_up_page(client)
    response = enrol(client, pyotp.TOTP(secret).now())
    assert response.headers["Location"] == "/staff/"
    db.session.refresh(person)
    assert person.totp_secret == secret
    assert person.failed_sign_ins == 0


def test_setting_up_again_shows_only_a_decoy(client, organisation):
    person = factories.staff(organisation, Role.IRO)
    start_sign_in(client, person.email, factories.PASSWORD)
    decoy = set_up_page(client)
    assert decoy != person.totp_secret
    response = enrol(client, pyotp.TOTP(decoy).now())
    assert response.headers["Location"] == "/staff/sign-in"
    db.session.refresh(person)
    assert person.totp_secret != decoy


def test_a_wrong_password_gets_a_decoy_qr_code_that_never_works(client, organisation):
    person = factories.staff(organisation, Role.IRO, enrolled=False)
    response = start_sign_in(client, person.email, "wrong password, long enough")
    assert response.headers["Location"] == "/staff/sign-in/security-code"
    decoy = set_up_page(client)
    response = enrol(client, pyotp.TOTP(decoy).now())
    assert response.headers["Location"] == "/staff/sign-in"
    db.session.refresh(person)
    assert person.totp_secret is None
    assert person.failed_sign_ins == 1


def test_the_session_is_renewed_at_sign_in(client, organisation):
    person = factories.staff(organisation, Role.IRO)
    client.get("/staff/sign-in")
    before = client.get_cookie("portal_session").value
    factories.sign_in(client, person)
    after = client.get_cookie("portal_session").value
    assert before != after
    # The old id no longer names any session on the server.
    assert db.session.execute(select(func.count()).select_from(WebSession)).scalar() == 1


def test_sign_out_ends_the_session_on_the_server(client, organisation, app):
    person = factories.staff(organisation, Role.IRO)
    factories.sign_in(client, person)
    stolen = client.get_cookie("portal_session").value
    response = client.post("/staff/sign-out", data={"csrf_token": client.csrf_token("/staff/")})
    assert response.headers["Location"] == "/staff/signed-out"
    assert db.session.execute(select(func.count()).select_from(WebSession)).scalar() == 0
    replay = app.test_client()
    replay.set_cookie("portal_session", stolen)
    assert replay.get("/staff/").status_code == 302


def test_idle_sessions_time_out_after_30_minutes(client, organisation):
    person = factories.staff(organisation, Role.IRO)
    factories.sign_in(client, person)
    row = db.session.execute(select(WebSession)).scalar_one()
    assert row.expires_at - row.last_seen_at == timedelta(minutes=30)
    db.session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = client.get("/staff/", follow_redirects=True)
    assert "signed out because you had not used the portal" in response.get_data(as_text=True)


def test_sessions_end_after_the_absolute_limit_however_busy(client, organisation):
    person = factories.staff(organisation, Role.IRO)
    factories.sign_in(client, person)
    ten_hours_ago = utcnow() - timedelta(hours=10)
    db.session.execute(
        update(WebSession).values(
            created_at=ten_hours_ago, last_seen_at=utcnow() - timedelta(minutes=2)
        )
    )
    assert client.get("/staff/").status_code == 200  # this request recomputes the expiry
    row = db.session.execute(select(WebSession)).scalar_one()
    assert row.expires_at <= utcnow()
    assert client.get("/staff/").status_code == 302


def test_repeated_failures_lock_the_account_without_saying_so(client, organisation, app):
    app.config["SIGN_IN_LOCKOUT_AFTER"] = 3
    try:
        person = factories.staff(organisation, Role.IRO)
        for _ in range(3):
            failure_page(client, person.email, "wrong password, long enough", "000000")
        db.session.refresh(person)
        assert person.locked_until is not None
        page = failure_page(client, person.email, factories.PASSWORD, factories.next_code(person))
        assert FAILED.replace("'", "&#39;") in page
        assert not signed_in(client)
    finally:
        app.config["SIGN_IN_LOCKOUT_AFTER"] = 10


def test_sign_in_is_rate_limited(client):
    statuses = [
        start_sign_in(client, "x@example.org", "guess guess guess").status_code for _ in range(11)
    ]
    assert statuses[:10] == [303] * 10
    assert statuses[10] == 429


def test_deactivated_staff_are_signed_out_at_once(client, organisation):
    person = factories.staff(organisation, Role.IRO)
    factories.sign_in(client, person)
    db.session.execute(update(StaffUser).where(StaffUser.id == person.id).values(active=False))
    assert client.get("/staff/").status_code == 302


def test_a_sign_in_step_left_too_long_starts_again(client, organisation, app):
    person = factories.staff(organisation, Role.IRO)
    start_sign_in(client, person.email, factories.PASSWORD)
    app.config["SIGN_IN_STEP_TIMEOUT"] = timedelta(seconds=-1)
    try:
        response = client.get("/staff/sign-in/security-code")
    finally:
        app.config["SIGN_IN_STEP_TIMEOUT"] = timedelta(minutes=5)
    assert response.headers["Location"] == "/staff/sign-in"
