"""Finding 3 of the trust issue: guesses sent at the same moment, from many addresses, are all
counted, so the pause after 5 wrong secrets, the lock after 10, and the staff lock-out after 10
failed sign-ins come as promised. Each try is counted (atomically) before it is checked."""

from __future__ import annotations

from portal import invitation_secret
from portal.extensions import db
from portal.models import Role
from tests import factories
from tests.concurrency import at_once

GUESSES = 20


def a_client(app, n: int):
    """A browser at an address of its own."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
    return client


def wrong_pin_sender(client, n: int):
    token = client.csrf_token("/language")

    def send():
        return client.post("/secret", data={"csrf_token": token, "pin": f"{9000 + n}"}).status_code

    return send


def test_twenty_wrong_secrets_at_once_are_all_counted_and_pause_it(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
    factories.open_invitation(app.test_client(), issued, pin="2468")  # chooses the secret

    senders = []
    for n in range(GUESSES):
        guesser = a_client(app, n)
        guesser.get(f"/i/{issued.token}")
        senders.append(wrong_pin_sender(guesser, n))
    statuses = at_once(senders)

    assert all(status in (400, 429) for status in statuses), statuses
    db.session.refresh(issued.invitation)
    # Exactly as many were checked as the pause allows, and every one of them was counted; the
    # rest were refused unchecked. (A checked try may learn of the pause a moment later: 429.)
    assert issued.invitation.secret_failures == invitation_secret.PAUSE_AFTER
    assert statuses.count(400) <= invitation_secret.PAUSE_AFTER - 1
    assert issued.invitation.secret_paused_until is not None

    # The right secret is now refused too, with the pause.
    owner = a_client(app, 200)
    owner.get(f"/i/{issued.token}")
    token = owner.csrf_token("/language")
    refused = owner.post("/secret", data={"csrf_token": token, "pin": "2468"})
    assert refused.status_code == 429
    assert "try again" in refused.get_data(as_text=True).lower()


def test_the_young_person_is_told_how_many_tries_are_left(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
    factories.open_invitation(app.test_client(), issued, pin="2468")
    child = a_client(app, 1)
    child.get(f"/i/{issued.token}")
    token = child.csrf_token("/language")
    first = child.post("/secret", data={"csrf_token": token, "pin": "1357"})
    assert "You can try 4 more times before a short pause" in first.get_data(as_text=True)
    for _ in range(3):
        last = child.post("/secret", data={"csrf_token": token, "pin": "1357"})
    assert "You can try 1 more time before a short pause" in last.get_data(as_text=True)


def test_twenty_failed_staff_sign_ins_at_once_lock_the_account(app, organisation):
    person = factories.staff(organisation, Role.IRO)
    tries = []
    for n in range(GUESSES):
        browser = a_client(app, n)
        token = browser.csrf_token("/staff/sign-in")
        browser.post(
            "/staff/sign-in",
            data={"csrf_token": token, "email": person.email, "password": factories.PASSWORD},
        )
        code_token = browser.csrf_token("/staff/sign-in/security-code")

        def wrong_code(browser=browser, code_token=code_token):
            return browser.post(
                "/staff/sign-in/security-code", data={"csrf_token": code_token, "code": "000000"}
            ).status_code

        tries.append(wrong_code)
    assert set(at_once(tries)) == {303}

    db.session.refresh(person)
    assert person.locked_until is not None
    # The right password and code are refused now: the account is locked.
    owner = a_client(app, 200)
    token = owner.csrf_token("/staff/sign-in")
    owner.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": person.email, "password": factories.PASSWORD},
    )
    token = owner.csrf_token("/staff/sign-in/security-code")
    owner.post(
        "/staff/sign-in/security-code",
        data={"csrf_token": token, "code": factories.next_code(person)},
    )
    assert owner.get("/staff/").status_code != 200
