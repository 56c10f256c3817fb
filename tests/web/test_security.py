"""Headers on every response, CSRF on every form, cookies, logs without secrets."""

import hashlib
import logging
import re
from pathlib import Path

import pytest

from portal import create_app
from portal.logs import redact
from portal.models import ParticipantRole, Role
from tests import factories

REQUIRED_CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
]


@pytest.fixture
def signed_in_admin(staff_client):
    return staff_client(Role.REVIEW_ADMIN)[0]


def assert_hardened(response, *, page=True):
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    for directive in REQUIRED_CSP:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    if page:
        assert headers["Cache-Control"] == "no-store"


def test_security_headers_on_every_kind_of_response(client, signed_in_admin, organisation):
    review = factories.review(factories.child(organisation))
    issued = factories.invitation(review)
    responses = {
        "start": client.get("/"),
        "code": client.get("/code"),
        "not found": client.get("/no-such-page"),
        "link redirect": client.get(f"/i/{issued.token}"),
        "welcome": client.get("/welcome"),
        "staff sign-in": client.get("/staff/sign-in"),
        "staff redirect": client.get("/staff/children"),
        "staff page": signed_in_admin.get(f"/staff/reviews/{review.id}"),
        "csrf failure": client.post("/code", data={"code": "x"}),
    }
    for name, response in responses.items():
        assert response.status_code < 500, name
        assert_hardened(response)
    static = client.get("/static/css/portal.css")
    assert_hardened(static, page=False)
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


def test_hsts_and_secure_cookies_in_production(production_app):
    production = production_app
    assert production.config["SESSION_COOKIE_SECURE"]
    with production.test_request_context("/"):
        response = production.make_response("ok")
        response = production.process_response(response)
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_session_cookie_is_httponly_and_samesite_lax(client):
    response = client.get("/code")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires" not in cookie  # gone when the browser closes


def test_a_form_post_without_csrf_token_is_refused(client, signed_in_admin):
    response = client.post("/code", data={"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 400
    assert "This page has expired" in response.get_data(as_text=True)
    response = signed_in_admin.post("/staff/children/new", data={"name": "Sam"})
    assert response.status_code == 400


def test_htmx_requests_carry_the_csrf_token_in_a_header(signed_in_admin):
    soup = signed_in_admin.get_page("/staff/children/new")
    header = re.search(r'"X-CSRFToken": "([^"]+)"', soup.body["hx-headers"]).group(1)
    response = signed_in_admin.post(
        "/staff/children/new", data={"name": ""}, headers={"X-CSRFToken": header}
    )
    assert response.status_code == 400
    assert "Enter the child" in response.get_data(as_text=True)  # past CSRF, into validation


def test_no_page_loads_anything_from_another_site(client):
    soup = client.get_page("/")
    for tag in soup.find_all(["script", "link", "img"]):
        url = tag.get("src") or tag.get("href") or ""
        assert url.startswith("/"), url


def test_htmx_is_vendored_pinned_and_recorded():
    static = Path(__file__).resolve().parents[2] / "portal" / "static" / "vendor"
    record = (static / "README.md").read_text()
    bundle = static / "htmx-2.0.11.min.js"
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert "htmx.org@2.0.11" in record
    assert digest in record


def test_logs_never_hold_invitation_links(client, organisation, caplog):
    review = factories.review(factories.child(organisation))
    issued = factories.invitation(review)
    with caplog.at_level(logging.INFO):
        client.get(f"/i/{issued.token}")
    assert issued.token not in caplog.text
    assert "endpoint=participate.open_link" in caplog.text
    assert redact(f'"GET /i/{issued.token} HTTP/1.1" 303') == '"GET /i/[redacted] HTTP/1.1" 303'


def test_sqlite_runs_in_wal_mode_with_full_sync_and_a_busy_timeout(tmp_path):
    sqlite_app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
            "DATABASE_DURABLE_COMMITS": True,  # as in every configuration but the suite's
        },
    )
    with sqlite_app.app_context():
        from portal.extensions import db

        with db.engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("busy_timeout") == 5000
            assert pragma("foreign_keys") == 1
        db.engine.dispose()


def test_markup_typed_by_staff_is_shown_as_text(staff_client, organisation, client):
    browser, _ = staff_client(Role.REVIEW_ADMIN)
    child = factories.child(organisation, name='<script>alert("x")</script>')
    review = factories.review(child)
    issued = factories.invitation(review, ParticipantRole.PARENT)
    for page in (
        browser.get(f"/staff/children/{child.id}"),
        client.get(f"/i/{issued.token}", follow_redirects=True),
    ):
        html = page.get_data(as_text=True)
        assert '<script>alert("x")</script>' not in html
        assert "&lt;script&gt;" in html
