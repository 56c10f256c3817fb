"""Clients that attack the doors rather than the forms: a session id planted before someone
signs in (session fixation), and guessing spread over many addresses at once. The guessing of
secrets and staff passwords from many addresses is in test_counted_guesses.py."""

from __future__ import annotations

import hashlib

import pytest

from portal.extensions import db
from portal.models import ParticipantRole, Role, WebSession
from tests import factories
from tests.concurrency import at_once

COOKIE = "portal_session"
PLANTED = "attacker-chosen-session-id-" + "x" * 20


def from_address(app, n: int):
    """A browser at an address of its own (a botnet's many machines)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"198.18.{n // 250}.{n % 250}"
    return client


def signed_in_as_staff(client) -> bool:
    return client.get("/staff/").status_code == 200


def test_a_session_id_the_server_never_issued_is_never_adopted(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    browser = app.test_client()
    browser.set_cookie(COOKIE, PLANTED)
    factories.sign_in(browser, iro)
    assert browser.get_cookie(COOKIE).value != PLANTED
    stolen = app.test_client()
    stolen.set_cookie(COOKIE, PLANTED)
    assert not signed_in_as_staff(stolen)


def test_a_staff_session_planted_before_sign_in_is_not_signed_in_after_it(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    attacker = app.test_client()
    attacker.csrf_token("/staff/sign-in")  # a real, issued session, not yet signed in
    planted = attacker.get_cookie(COOKIE).value

    victim = app.test_client()
    victim.set_cookie(COOKIE, planted)
    factories.sign_in(victim, iro)

    assert signed_in_as_staff(victim)
    assert victim.get_cookie(COOKIE).value != planted
    # The planted session's row is gone, not just left unused.
    digests = db.session.execute(db.select(WebSession.id_hash)).scalars().all()
    assert hashlib.sha256(planted.encode()).hexdigest() not in digests
    assert not signed_in_as_staff(attacker)


def test_a_participant_session_planted_before_the_link_opens_nothing(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
    attacker = app.test_client()
    attacker.get("/language")
    attacker.csrf_token("/code")
    planted = attacker.get_cookie(COOKIE).value

    child = app.test_client()
    child.set_cookie(COOKIE, planted)
    factories.open_invitation(child, issued)

    assert child.get("/welcome").status_code == 200
    assert child.get_cookie(COOKIE).value != planted
    assert attacker.get("/welcome").status_code == 404


def test_a_participant_session_planted_before_a_code_opens_nothing(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    review = factories.review(factories.child(organisation, iro, age=15))
    issued = factories.invitation(review, ParticipantRole.PARENT)
    attacker = app.test_client()
    token = attacker.csrf_token("/code")
    planted = attacker.get_cookie(COOKIE).value

    parent = app.test_client()
    parent.set_cookie(COOKIE, planted)
    response = parent.post("/code", data={"csrf_token": token, "code": issued.code})
    assert response.status_code == 303

    assert parent.get("/welcome").status_code == 200
    assert parent.get_cookie(COOKIE).value != planted
    assert attacker.get("/welcome").status_code == 404


WRONG = "ABCD-EFGH-JKMN"
LIMIT = 30


@pytest.fixture
def codes_limit(app, monkeypatch):
    """The production figure is 300 per 10 minutes; the rule is the same at 30, and quicker."""
    monkeypatch.setitem(app.config, "RATELIMIT_CODES_FROM_EVERYONE", f"{LIMIT} per 10 minutes")


def wrong_code_from(app, n: int):
    client = from_address(app, n)
    token = client.csrf_token("/code")
    return lambda: client.post("/code", data={"csrf_token": token, "code": WRONG}).status_code


def test_codes_from_many_addresses_are_limited_together(app, organisation, codes_limit):
    statuses = [wrong_code_from(app, n)() for n in range(LIMIT)]
    assert statuses == [404] * LIMIT  # one try each: no address reached its own limit

    iro = factories.staff(organisation, Role.IRO)
    review = factories.review(factories.child(organisation, iro, age=15))
    late = from_address(app, LIMIT + 1)
    token = late.csrf_token("/code")
    refused = late.post(
        "/code",
        data={
            "csrf_token": token,
            "code": factories.invitation(review, ParticipantRole.PARENT).code,
        },
        headers={"Accept-Language": "ar"},
    )
    assert refused.status_code == 429  # even a right code, until the window moves on
    assert 'lang="ar"' in refused.get_data(as_text=True)


def test_links_still_open_while_codes_are_being_guessed(app, organisation, codes_limit):
    iro = factories.staff(organisation, Role.IRO)
    issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
    for n in range(LIMIT + 1):
        wrong_code_from(app, n)()
    assert from_address(app, 200).get(f"/i/{issued.token}").status_code == 303


def test_codes_sent_at_once_from_many_addresses_are_all_counted(app, organisation, codes_limit):
    """Twice the limit, from as many addresses, at the same moment: exactly the limit get in."""
    statuses = at_once([wrong_code_from(app, n) for n in range(2 * LIMIT)])
    assert statuses.count(404) == LIMIT
    assert statuses.count(429) == LIMIT
