"""The welcome page tells a participant when their meeting is, as a UK reader writes it."""

from __future__ import annotations

from datetime import timedelta

from portal import reviews
from portal.models import ParticipantRole, Role
from tests import factories


def meeting_page(client, organisation, language: str):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Kai", age=15, language=language)
    issued = factories.invitation(factories.review(child), ParticipantRole.CARER, language=language)
    factories.open_invitation(client, issued)
    return client.get_page("/welcome")


def when_text(page) -> str:
    return page.find("dl", class_="summary").find("dd").get_text(strip=True)


def test_english_welcome_shows_a_british_date_and_a_12_hour_time(client, organisation):
    day = reviews.local_today() + timedelta(days=14)  # the factory's meeting, at 4pm UK time
    expected = f"{day:%A} {day.day} {day:%B} {day.year} at 4pm"
    assert when_text(meeting_page(client, organisation, "en")) == expected


def test_farsi_welcome_shows_farsi_digits(client, organisation):
    text = when_text(meeting_page(client, organisation, "fa"))
    assert "۱۶:۰۰" in text
    assert not any(character in "0123456789" for character in text)
