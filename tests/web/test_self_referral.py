"""The public page where a child in care with no invitation asks for an advocate or an
Independent Visitor: the minimum of personal data, routed like any request, and kept free of
scripts without a third-party CAPTCHA (a rate limit per address, a field people never see, and
a minimum time to fill it in)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxEmail, RequestKind, RequestSource, Role, SupportRequest
from tests import factories
from tests.request_helpers import PHONE_E164, ask_fields, count


@pytest.fixture
def quick(app, monkeypatch):
    """People fill the form in at once in tests: no minimum time unless a test sets one."""
    monkeypatch.setitem(app.config, "SELF_REFERRAL_MIN_SECONDS", 0)


def fields_from(client, **changes):
    page = client.get_page("/ask")
    hidden = {
        name: page.find("input", attrs={"name": name})["value"] for name in ("csrf_token", "shown")
    }
    base = {**ask_fields(), "first_name": "Amira", "website": ""}
    return {**hidden, **base, **changes}


def refer(client, status=200, **changes):
    response = client.post("/ask", data=fields_from(client, **changes))
    assert response.status_code == status, response.status_code
    return response


def test_a_self_referral_reaches_the_advocacy_service(client, organisation, quick):
    page = refer(client, about="I want help with a complaint")
    assert "We've got your request" in page.get_data(as_text=True)
    assert "Hear Me" in page.get_data(as_text=True)
    request = db.session.execute(select(SupportRequest)).scalar_one()
    assert request.source is RequestSource.SELF_REFERRAL
    assert request.child_id is None
    assert request.raised_by_name == "Amira"
    assert request.phone == PHONE_E164
    [email] = db.session.execute(select(OutboxEmail)).scalars().all()
    assert email.to_address == organisation.advocacy_service_email
    assert "Amira" not in email.body
    assert "complaint" not in email.body
    browser = app_client_signed_in(client, organisation, Role.ADVOCACY)
    assert "Amira (asked on the public page)" in browser.get_page("/staff/requests").get_text()


def app_client_signed_in(client, organisation, role):
    browser = client.application.test_client()
    factories.sign_in(browser, factories.staff(organisation, role))
    return browser


def test_an_independent_visitor_self_referral_goes_to_the_provider(client, organisation, quick):
    page = refer(client, want="independent_visitor")
    assert "NYAS" in page.get_data(as_text=True)
    [email] = db.session.execute(select(OutboxEmail)).scalars().all()
    assert email.to_address == organisation.independent_visitor_provider_email
    assert db.session.execute(select(SupportRequest.kind)).scalar_one() is (
        RequestKind.INDEPENDENT_VISITOR
    )


def test_the_public_page_asks_only_the_minimum(client, organisation):
    form = client.get_page("/ask").find("form", action="/ask")
    names = {field["name"] for field in form.find_all(["input", "textarea", "select"])}
    assert names == {
        "csrf_token",
        "shown",
        "first_name",
        "want",
        "about",
        "contact_method",
        "phone",
        "email",
        "message_ok",
        "contact_time",
        "language",
        "interpreter",
        "website",
    }
    wants = [i["value"] for i in form.find_all("input", attrs={"name": "want"})]
    assert "talk_to_iro" not in wants  # with no invitation we do not know who their IRO is


def test_a_script_in_every_field_is_refused_and_nothing_is_stored(client, organisation, quick):
    script = "<script>alert(1)</script>"
    every = dict.fromkeys(ask_fields(), script) | {"first_name": script}
    page = refer(client, status=400, **every).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    for message in (
        "Choose what you would like",
        "Choose how we should contact you",
        "Enter a phone number, like 07911 123456",
        "Choose a good time",
        "Choose a language from the list",
        "Say if you need an interpreter",
    ):
        assert message in page
    assert count(SupportRequest) == 0
    assert count(OutboxEmail) == 0


def test_a_script_in_the_words_is_kept_as_words(client, organisation, quick):
    script = "<script>alert(1)</script>"
    refer(client, first_name=script, about=script)
    browser = app_client_signed_in(client, organisation, Role.ADVOCACY)
    worklist = browser.get_page("/staff/requests")
    assert worklist.find("script", string="alert(1)") is None
    assert script in worklist.get_text()


def test_no_contact_method_is_refused(client, organisation, quick):
    page = refer(client, status=400, contact_method="", phone="").get_data(as_text=True)
    assert "Choose how we should contact you" in page
    assert count(SupportRequest) == 0


def test_an_invalid_phone_number_is_refused(client, organisation, quick):
    page = refer(client, status=400, phone="0800 123").get_data(as_text=True)
    assert "Enter a phone number, like 07911 123456" in page
    assert count(SupportRequest) == 0


def test_an_international_number_is_accepted(client, organisation, quick):
    refer(client, phone="+251 91 123 4567")
    assert db.session.execute(select(SupportRequest.phone)).scalar_one() == "+251911234567"


def test_the_same_self_referral_twice_in_a_minute_is_one(client, organisation, quick):
    refer(client)
    refer(client)
    assert count(SupportRequest) == 1
    assert count(OutboxEmail) == 1


def test_the_field_people_never_see_catches_scripts(client, organisation, quick):
    page = refer(client, status=400, website="http://spam.example").get_data(as_text=True)
    assert "We could not send this. Please try again." in page
    assert count(SupportRequest) == 0


def test_a_form_sent_faster_than_a_person_could_is_refused(client, organisation, monkeypatch):
    monkeypatch.setitem(client.application.config, "SELF_REFERRAL_MIN_SECONDS", 60)
    page = refer(client, status=400).get_data(as_text=True)
    assert "Please check your request, then send it again." in page
    assert count(SupportRequest) == 0
    # A person who takes their time gets through: the page they were sent back to is signed anew.
    monkeypatch.setitem(client.application.config, "SELF_REFERRAL_MIN_SECONDS", 0.2)
    data = fields_from(client)
    time.sleep(0.3)
    assert client.post("/ask", data=data).status_code == 200
    assert count(SupportRequest) == 1


def test_a_forged_or_missing_time_is_refused(client, organisation, quick):
    for shown in ("", "1700000000", "not-signed"):
        refer(client, status=400, shown=shown)
    assert count(SupportRequest) == 0


def test_the_public_page_is_rate_limited_per_address(client, organisation, quick, monkeypatch):
    monkeypatch.setitem(client.application.config, "RATELIMIT_SELF_REFERRAL", "3 per hour")
    for n in range(3):
        refer(client, first_name=f"Amira{n}")
    assert client.post("/ask", data=fields_from(client)).status_code == 429
    assert count(SupportRequest) == 3
    other = client.application.test_client()
    response = other.post(
        "/ask", data=fields_from(other, first_name="Bea"), environ_base={"REMOTE_ADDR": "10.9.9.9"}
    )
    assert response.status_code == 200
