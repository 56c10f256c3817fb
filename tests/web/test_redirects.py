"""Finding 4 of the trust issue: `next` only ever leads to a path on this site, and a `next` that
is not one (another host in disguise, control characters) falls back to the start page instead
of redirecting away or failing with a 5xx."""

from __future__ import annotations

import pytest

from portal.security import local_path
from tests import factories

HOSTILE = [
    "/\t/evil.example",  # what next=/%09/evil.example decodes to; browsers drop the tab
    "/\n/evil.example",
    "/ok\r\nSet-Cookie: stolen=1",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    " /welcome",
    "/welcome\x00",
    "/wélcome",
    "",
]
# NUL never reaches a view: every request holding one is refused whole (test_hostile_input).
HOSTILE_FOR_VIEWS = [target for target in HOSTILE if "\x00" not in target]
OURS = ["/welcome", "/consultation/home", "/consultation/check?then=check", "/%2F%2Fnot-a-host"]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_is_refused(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", OURS)
def test_our_own_paths_are_kept(target):
    assert local_path(target) == target


@pytest.fixture
def child(app, organisation):
    iro = factories.staff(organisation)
    issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
    browser = app.test_client()
    factories.open_invitation(browser, issued)
    return browser


@pytest.mark.parametrize("target", HOSTILE_FOR_VIEWS)
def test_the_language_picker_never_redirects_away(child, target):
    token = child.csrf_token("/language")
    response = child.post("/language", data={"csrf_token": token, "language": "en", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE_FOR_VIEWS)
def test_the_safety_page_never_redirects_away(child, target):
    page = child.get("/safe", query_string={"next": target})
    assert page.status_code == 200
    assert "evil" not in page.get_data(as_text=True)
    token = child.csrf_token("/language")
    response = child.post("/safe", data={"csrf_token": token, "safe": "yes", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_the_encoded_tab_from_the_finding_is_refused(child):
    response = child.get("/safe?next=/%09/evil.example")
    assert "evil.example" not in response.get_data(as_text=True)
    token = child.csrf_token("/language")
    response = child.post(
        "/language?x=1", data={"csrf_token": token, "language": "en", "next": "/\t/evil.example"}
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", OURS[:3])
def test_going_back_to_our_own_page_works(child, target):
    token = child.csrf_token("/language")
    response = child.post("/language", data={"csrf_token": token, "language": "en", "next": target})
    assert response.headers["Location"] == target
