"""A link alone is not enough: the young person's secret number or pictures."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import invitation_secret
from portal.extensions import db
from portal.models import AuditEvent, ParticipantRole, Role, SecretKind
from portal.models.base import utcnow
from tests import factories


@pytest.fixture
def iro(organisation):
    return factories.staff(organisation, Role.IRO, name="Priya Shah")


def invite(organisation, iro, age=15):
    child = factories.child(organisation, iro, name="Kai", age=age)
    return factories.invitation(factories.review(child))


def choose_pin(client, pin, again=None):
    token = client.csrf_token("/secret/new?kind=pin")
    return client.post(
        "/secret/new?kind=pin",
        data={"csrf_token": token, "pin": pin, "pin_again": again or pin},
    )


def give_pin(client, pin):
    token = client.csrf_token("/language")
    return client.post("/secret", data={"csrf_token": token, "pin": pin})


def test_first_opening_asks_for_a_secret_before_anything_is_shown(client, organisation, iro):
    issued = invite(organisation, iro)
    client.get(f"/i/{issued.token}")
    for url in ["/welcome", "/consultation", "/consultation/home", "/consultation/check"]:
        response = client.get(url)
        assert response.headers["Location"] == "/secret/new", url
    soup = client.get_page("/secret/new")
    assert soup.find("input", attrs={"name": "pin"})
    assert choose_pin(client, "8264").headers["Location"] == "/welcome"
    client.get_page("/welcome")


@pytest.mark.parametrize(
    ("pin", "again", "message"),
    [
        ("12", None, "Use 4, 5 or 6 numbers"),
        ("1234567", None, "Use 4, 5 or 6 numbers"),
        ("abcd", None, "Use 4, 5 or 6 numbers"),
        ("1234", None, "harder to guess"),
        ("7777", None, "harder to guess"),
        ("8264", "8265", "The two numbers are not the same"),
        ("", None, "Type a secret number"),
    ],
)
def test_weak_or_mistyped_numbers_are_refused(client, organisation, iro, pin, again, message):
    issued = invite(organisation, iro)
    client.get(f"/i/{issued.token}")
    response = choose_pin(client, pin, again)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.refresh(issued.invitation)
    assert issued.invitation.secret_hash is None


def test_coming_back_needs_the_secret(app, organisation, iro):
    issued = invite(organisation, iro)
    first = app.test_client()
    factories.open_invitation(first, issued, pin="8264")
    someone_else = app.test_client()
    someone_else.get(f"/i/{issued.token}")
    assert someone_else.get("/welcome").headers["Location"] == "/secret"
    assert someone_else.get("/secret/new").headers["Location"] == "/secret"  # cannot re-choose
    assert give_pin(someone_else, "1111").status_code == 400
    assert give_pin(someone_else, "8264").headers["Location"] == "/welcome"
    stored = issued.invitation.secret_hash
    assert "8264" not in stored
    assert stored.startswith("$argon2id$")


def test_under_8s_choose_pictures(client, organisation, iro):
    issued = invite(organisation, iro, age=6)
    client.get(f"/i/{issued.token}")
    soup = client.get_page("/secret/new")
    assert len(soup.find_all("input", attrs={"name": "first"})) == 9
    token = soup.find("input", attrs={"name": "csrf_token"})["value"]
    missing = client.post(
        "/secret/new", data={"csrf_token": token, "first": "dog", "second": "cat"}
    )
    assert missing.status_code == 400
    assert "Choose one picture in each row" in missing.get_data(as_text=True)
    tampered = client.post(
        "/secret/new",
        data={"csrf_token": token, "first": "dog", "second": "cat", "third": "dragon"},
    )
    assert tampered.status_code == 400
    chosen = client.post(
        "/secret/new", data={"csrf_token": token, "first": "dog", "second": "owl", "third": "dog"}
    )
    assert chosen.headers["Location"] == "/welcome"
    db.session.refresh(issued.invitation)
    assert issued.invitation.secret_kind is SecretKind.PICTURES


def test_five_wrong_tries_earn_a_pause_then_the_iro_route(app, organisation, iro):
    issued = invite(organisation, iro)
    factories.open_invitation(app.test_client(), issued, pin="8264")
    guesser = app.test_client()
    guesser.get(f"/i/{issued.token}")
    statuses = [give_pin(guesser, "5555").status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    paused = guesser.get("/secret")
    assert paused.status_code == 429
    assert "Ask your IRO for help" in paused.get_data(as_text=True)
    # Even the right number waits for the pause to end.
    assert give_pin(guesser, "8264").status_code == 429

    issued.invitation.secret_paused_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    statuses = [give_pin(guesser, "5555").status_code for _ in range(5)]
    assert statuses[-1] == 429
    issued.invitation.secret_paused_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    locked = guesser.get("/secret")
    assert locked.status_code == 429
    assert "your IRO needs to reset your secret" in locked.get_data(as_text=True)
    assert give_pin(guesser, "8264").status_code == 429


def test_a_forgotten_secret_is_reset_by_the_iro(app, organisation, iro):
    issued = invite(organisation, iro)
    factories.open_invitation(app.test_client(), issued, pin="8264")
    issued.invitation.secret_failures = invitation_secret.LOCK_AFTER
    db.session.commit()

    child = app.test_client()
    child.get(f"/i/{issued.token}")
    assert "Ask Priya, your IRO" in child.get_page("/secret/forgotten").get_text()

    other_iro = app.test_client()
    factories.sign_in(other_iro, factories.staff(organisation, Role.IRO))
    url = f"/staff/invitations/{issued.invitation.id}/reset-secret"
    assert (
        other_iro.post(url, data={"csrf_token": other_iro.csrf_token("/staff/")}).status_code == 404
    )

    browser = app.test_client()
    factories.sign_in(browser, iro)
    page = browser.get_page(f"/staff/reviews/{issued.invitation.review_id}")
    assert "locked after 10 wrong tries" in page.get_text()
    browser.post(url, data={"csrf_token": browser.csrf_token("/staff/")})
    db.session.refresh(issued.invitation)
    assert issued.invitation.secret_hash is None
    assert (
        db.session.execute(select(AuditEvent).where(AuditEvent.action == "invitation.reset_secret"))
        .scalar_one()
        .actor_staff_id
        == iro.id
    )

    child.get(f"/i/{issued.token}")
    assert child.get("/welcome").headers["Location"] == "/secret/new"
    assert choose_pin(child, "9152").headers["Location"] == "/welcome"


def test_the_link_alone_never_resets_the_secret(client, organisation, iro):
    issued = invite(organisation, iro)
    factories.open_invitation(client, issued, pin="8264")
    client.get("/exit")
    client.get(f"/i/{issued.token}")
    token = client.csrf_token("/language")
    response = client.post(
        "/secret/new?kind=pin", data={"csrf_token": token, "pin": "9152", "pin_again": "9152"}
    )
    assert response.headers["Location"] == "/secret"
    assert give_pin(client, "9152").status_code == 400


def test_parents_and_carers_need_no_secret(client, organisation, iro):
    child = factories.child(organisation, iro, name="Kai", age=15)
    issued = factories.invitation(factories.review(child), ParticipantRole.CARER)
    client.get(f"/i/{issued.token}")
    assert client.get("/welcome").status_code == 200
