"""A participant opening their invitation by link or by code, and the welcome page."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import i18n, invitations
from portal.extensions import db
from portal.models import AuditEvent, ParticipantRole, Role
from portal.models.base import utcnow
from tests import factories
from tests.pages import check_page


@pytest.fixture
def review(organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Yonas", language="ti", age=16)
    return factories.review(child)


def test_the_link_is_swapped_for_a_session_and_leaves_the_address_bar(client, review):
    issued = factories.invitation(review, ParticipantRole.PARENT, language="ti")
    response = client.get(f"/i/{issued.token}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/welcome"
    assert issued.token not in response.headers["Location"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    soup = client.get_page("/welcome")
    assert soup.html["lang"] == "ti"
    assert "Yonas" in soup.h1.get_text()


def test_first_opening_is_recorded_once(client, review):
    issued = factories.invitation(review)
    factories.open_invitation(client, issued)
    first = issued.invitation.first_opened_at
    assert first is not None
    factories.open_invitation(client, issued)
    db.session.refresh(issued.invitation)
    assert issued.invitation.first_opened_at == first
    opened = (
        db.session.execute(select(AuditEvent).where(AuditEvent.action == "invitation.first_opened"))
        .scalars()
        .all()
    )
    assert len(opened) == 1
    assert opened[0].actor_invitation_id == issued.invitation.id


def unusable_tokens(review):
    expired = factories.invitation(review)
    expired.invitation.expires_at = utcnow() - timedelta(seconds=1)
    revoked = factories.invitation(review)
    revoked.invitation.revoked_at = utcnow()
    db.session.commit()
    return {
        "unknown": invitations.new_token(),
        "malformed": "not-a-token<script>",
        "too short": "abc",
        "expired": expired.token,
        "revoked": revoked.token,
    }


def test_every_unusable_link_gets_the_same_friendly_404(client, review):
    pages = set()
    for why, token in unusable_tokens(review).items():
        response = client.get(f"/i/{token}")
        assert response.status_code == 404, why
        body = response.get_data(as_text=True)
        assert "This link or code does not work" in body, why
        pages.add(body.split("<main", 1)[1])
        assert client.get("/welcome").status_code == 404, why
    assert len(pages) == 1


def post_code(client, code):
    token = client.csrf_token("/code")
    return client.post("/code", data={"csrf_token": token, "code": code})


def test_the_code_works_however_it_is_typed(client, review):
    issued = factories.invitation(review, ParticipantRole.CARER)
    typed = " " + "-".join(issued.code[i : i + 4] for i in (0, 4, 8)).lower() + " "
    response = post_code(client, typed)
    assert response.status_code == 303
    assert response.headers["Location"] == "/welcome"
    client.get_page("/welcome")


def test_wrong_expired_and_malformed_codes_get_the_same_friendly_404(client, review):
    expired = factories.invitation(review)
    expired.invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    for code in ["ABCD-EFGH-JKMN", expired.code, "0000-1111-OOOO", "short"]:
        response = post_code(client, code)
        assert response.status_code == 404, code
        assert "This link or code does not work" in response.get_data(as_text=True)


def test_an_empty_code_gets_a_message_in_the_readers_language(client):
    token = client.csrf_token("/code")
    soup = client.post_page("/code", status=400, data={"csrf_token": token, "code": ""})
    assert "Enter the code from your letter" in soup.find(class_="error-summary").get_text()


def test_links_and_codes_are_rate_limited(client, review):
    statuses = [client.get(f"/i/{invitations.new_token()}").status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429
    token = client.csrf_token("/code")
    codes = [
        client.post("/code", data={"csrf_token": token, "code": "ABCD-EFGH-JKMN"}).status_code
        for _ in range(21)
    ]
    assert codes[-1] == 429


def test_welcome_page_for_a_young_person(client, review):
    issued = factories.invitation(review, ParticipantRole.CHILD, language="en")
    factories.open_invitation(client, issued)
    soup = client.get_page("/welcome")
    text = soup.get_text(" ")
    assert soup.h1.get_text(strip=True) == "Hello Yonas"
    assert "Priya is your IRO: the person who runs your meeting" in text
    assert "At school" in text
    assert "only for Priya" in text
    assert "Shah" not in text  # the IRO's first name only
    assert "asylum" not in text.lower()  # never a label for the child


def test_welcome_page_for_a_parent(client, review):
    issued = factories.invitation(review, ParticipantRole.PARENT, language="en")
    factories.open_invitation(client, issued)
    soup = client.get_page("/welcome")
    assert soup.h1.get_text(strip=True) == "Yonas's review meeting"
    assert "Independent Reviewing Officer" in soup.get_text()


def test_the_language_picker_changes_and_remembers_the_language(client, review):
    issued = factories.invitation(review, language="en")
    factories.open_invitation(client, issued)
    token = client.csrf_token("/language")
    response = client.post(
        "/language", data={"csrf_token": token, "language": "ar", "next": "/welcome"}
    )
    assert response.headers["Location"] == "/welcome"
    soup = client.get_page("/welcome")
    assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")
    db.session.refresh(issued.invitation)
    assert issued.invitation.language == "ar"


def test_the_language_picker_refuses_unknown_languages_and_outside_redirects(client, review):
    issued = factories.invitation(review)
    factories.open_invitation(client, issued)
    token = client.csrf_token("/language")
    bad = client.post("/language", data={"csrf_token": token, "language": "xx", "next": "/"})
    assert bad.status_code == 404
    away = client.post(
        "/language",
        data={"csrf_token": token, "language": "pl", "next": "//evil.example/phish"},
    )
    assert away.headers["Location"] == "/"


def test_accept_language_is_the_fallback(client):
    soup = client.get_page("/code", headers={"Accept-Language": "fa-AF,fa;q=0.8,en;q=0.5"})
    assert (soup.html["lang"], soup.html["dir"]) == ("fa-AF", "rtl")
    soup = client.get_page("/code", headers={"Accept-Language": "ckb-IQ"})
    assert soup.html["lang"] == "ckb"
    soup = client.get_page("/code", headers={"Accept-Language": "de-DE"})
    assert (soup.html["lang"], soup.html["dir"]) == ("en", "ltr")


def test_the_invitations_language_beats_the_browsers(client, review):
    issued = factories.invitation(review, language="ti")
    factories.open_invitation(client, issued)
    soup = client.get_page("/welcome", headers={"Accept-Language": "en-GB"})
    assert soup.html["lang"] == "ti"


def test_exit_this_page_ends_the_session_and_leaves(client, review, app):
    issued = factories.invitation(review)
    factories.open_invitation(client, issued)
    soup = client.get_page("/welcome")
    exit_link = soup.find("a", class_="exit-this-page__button")
    assert exit_link["href"] == "/exit"
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == app.config["QUICK_EXIT_URL"]
    assert client.get("/welcome").status_code == 404


def test_participant_pages_have_a_skip_link_and_exit_control(client, review):
    issued = factories.invitation(review)
    factories.open_invitation(client, issued)
    for url in ["/", "/code", "/welcome"]:
        soup = client.get_page(url)
        assert soup.find("a", class_="skip-link")["href"] == "#main"
        assert soup.find(id="main").name == "main"
        assert soup.find("a", class_="exit-this-page__button")


def test_the_language_link_is_on_error_pages_and_makes_no_session(client):
    stranger = client.get("/no-such-page")
    assert stranger.status_code == 404
    assert "Set-Cookie" not in stranger.headers  # no session made for a scan
    links = check_page(stranger).find_all("a", class_="language-link")
    assert [link["href"] for link in links] == ["/language?next=/no-such-page"]
    unavailable = client.get_page(f"/i/{invitations.new_token()}", status=404)
    assert unavailable.find("a", class_="language-link")
    languages = client.get_page("/language?next=/code")
    assert [b["value"] for b in languages.find_all("button", attrs={"name": "language"})] == [
        language.code for language in i18n.LANGUAGES
    ]
