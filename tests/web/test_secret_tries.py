"""A young person giving their secret is told how many tries are left, before the short pause
and then before the lock, and when the pause ends in UK time as their language writes it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from portal import invitation_secret, reviews
from portal.extensions import db
from portal.models import Role
from portal.models.base import utcnow
from tests import factories

RIGHT = "8264"
WRONG = "5555"


@pytest.fixture
def issued(organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Kai", age=15)
    return factories.invitation(factories.review(child))


def guesser_of(app, issued, language: str = "en"):
    """Someone at the secret page, after the young person chose their number. The page's form
    gives the CSRF token: a paused page has no form to take one from."""
    issued.invitation.language = language
    db.session.commit()
    factories.open_invitation(app.test_client(), issued, pin=RIGHT)
    client = app.test_client()
    client.get(f"/i/{issued.token}")
    token = client.csrf_token("/secret")

    def give(pin: str):
        return client.post("/secret", data={"csrf_token": token, "pin": pin})

    return client, give


def set_tries(issued, failures: int, paused_until: datetime | None = None) -> None:
    issued.invitation.secret_failures = failures
    issued.invitation.secret_paused_until = paused_until
    db.session.commit()


def text_of(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def failures(issued) -> int:
    db.session.refresh(issued.invitation)
    return issued.invitation.secret_failures


def test_each_wrong_try_says_how_many_are_left_before_the_pause(app, issued):
    _client, give = guesser_of(app, issued)
    said = [text_of(give(WRONG)) for _ in range(invitation_secret.PAUSE_AFTER - 1)]
    assert "You can try 4 more times before a short pause" in said[0]
    assert "You can try 3 more times before a short pause" in said[1]
    assert "You can try 1 more time before a short pause" in said[3]
    assert all("reset your secret" not in page for page in said)


def tomorrow_at(hour: int, minute: int, second: int) -> datetime:
    day = reviews.local_today() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute, second), tzinfo=reviews.local_zone())


def test_the_pause_says_when_to_try_again_in_uk_time_rounded_up(app, issued):
    client, _give = guesser_of(app, issued)
    set_tries(issued, invitation_secret.PAUSE_AFTER, tomorrow_at(16, 34, 20))
    paused = client.get("/secret")
    assert paused.status_code == 429
    said = text_of(paused)
    assert "please wait until 4:35pm and try again" in said  # 4:34pm would be too early
    assert "you can try 5 more times before your IRO needs to reset your secret" in said


def test_the_pause_time_is_in_the_readers_own_digits(app, issued):
    client, _give = guesser_of(app, issued, language="fa")
    set_tries(issued, invitation_secret.PAUSE_AFTER, tomorrow_at(16, 35, 0))
    said = text_of(client.get("/secret"))
    assert "۱۶:۳۵" in said
    assert "16:35" not in said


def test_the_pause_begins_on_the_fifth_wrong_try_and_says_when_it_ends(app, issued):
    _client, give = guesser_of(app, issued)
    for _ in range(invitation_secret.PAUSE_AFTER - 1):
        give(WRONG)
    paused = give(WRONG)
    assert paused.status_code == 429
    assert "please wait until" in text_of(paused)
    db.session.refresh(issued.invitation)
    assert issued.invitation.secret_paused_until > utcnow()


def test_after_the_pause_each_wrong_try_counts_down_to_the_lock(app, issued):
    _client, give = guesser_of(app, issued)
    set_tries(issued, invitation_secret.PAUSE_AFTER, utcnow() - timedelta(seconds=1))
    first = give(WRONG)
    assert first.status_code == 400
    assert "You can try 4 more times. After that, your IRO will need to reset your secret." in (
        text_of(first)
    )
    assert "short pause" not in text_of(first)
    for _ in range(2):
        give(WRONG)
    last = give(WRONG)
    assert "You can try 1 more time. After that, your IRO will need to reset your secret." in (
        text_of(last)
    )
    locked = give(WRONG)
    assert locked.status_code == 429
    assert "your IRO needs to reset your secret before you can come back in" in text_of(locked)


def test_the_right_number_after_the_pause_still_works(app, issued):
    _client, give = guesser_of(app, issued)
    set_tries(issued, invitation_secret.LOCK_AFTER - 1, utcnow() - timedelta(seconds=1))
    assert give(RIGHT).headers["Location"] == "/welcome"
    assert failures(issued) == 0


@pytest.mark.parametrize(
    ("pin", "message", "counted"),
    [
        ("", "Type your secret number", False),
        ("abcd", "You can try 4 more times before a short pause", True),
        ("12345678901234567890", "You can try 4 more times before a short pause", True),
    ],
)
def test_wrong_input_gets_a_clear_message(app, issued, pin, message, counted):
    _client, give = guesser_of(app, issued)
    response = give(pin)
    assert response.status_code == 400
    assert message in text_of(response)
    assert failures(issued) == (1 if counted else 0)


def test_a_nul_is_refused_and_not_counted(app, issued):
    _client, give = guesser_of(app, issued)
    response = give("82\x0064")
    assert 400 <= response.status_code < 500
    assert failures(issued) == 0
