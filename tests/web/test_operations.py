"""Running it like a council: the health probes, and `check-config`."""

import json
import logging

import pytest
from sqlalchemy.exc import OperationalError

from portal import create_app
from portal.extensions import db, limiter
from portal.logs import JsonFormatter


def test_healthz_answers_without_a_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert (response.status_code, response.json) == (200, {"status": "ok", "database": "ok"})


def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
    assert "refused" not in response.get_data(as_text=True)


def test_check_config_lists_what_is_unsafe_in_the_test_settings(app):
    result = app.test_cli_runner().invoke(args=["check-config"])
    assert result.exit_code == 1
    for setting in (
        "SECRET_KEY",
        "BASE_URL",
        "SESSION_COOKIE_SECURE",
        "HSTS",
        "ARGON2_MEMORY_COST",
    ):
        assert f"unsafe: {setting}:" in result.output
    assert "unsafe setting(s)" in result.output


@pytest.fixture
def production_env(app, monkeypatch):
    """A safe production environment. What every app in this process shares is put back
    afterwards: the "portal" logger (production sends it to JSON only) and the rate limiter
    (production points it at Redis)."""
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    logger = logging.getLogger("portal")
    handlers, propagate = list(logger.handlers), logger.propagate
    yield monkeypatch
    logger.handlers, logger.propagate = handlers, propagate
    limiter.init_app(app)


PRODUCTION = {
    "SECRET_KEY": "k" * 64,
    "DATABASE_URL": "postgresql+psycopg://portal@db.internal/portal",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
    "BASE_URL": "https://have-your-say.example.gov.uk",
    "MAIL_SERVER": "smtp.example.gov.uk",
    "MAIL_USE_TLS": "1",
    "MAIL_FROM": "reviews@example.gov.uk",
    "PROXY_FIX_X_FOR": "1",
    "STORAGE_BACKEND": "database",
}


def test_a_safe_production_configuration_passes(production_env):
    app = create_app("production")
    with app.app_context():  # (the suite's own app context is open around every test)
        result = app.test_cli_runner().invoke(args=["check-config"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "No unsafe settings found."


def test_unencrypted_mail_and_an_http_exit_are_unsafe(production_env):
    monkeypatch = production_env
    monkeypatch.setenv("MAIL_USE_TLS", "")
    monkeypatch.setenv("QUICK_EXIT_URL", "http://www.bbc.co.uk/weather")
    monkeypatch.setenv("STORAGE_BACKEND", "local")
    app = create_app("production")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["check-config"])
    assert result.exit_code == 1
    assert (
        "unsafe: MAIL_USE_TLS: mail to smtp.example.gov.uk would travel unencrypted"
        in result.output
    )
    assert "unsafe: QUICK_EXIT_URL:" in result.output
    assert "advice: STORAGE_BACKEND:" in result.output


def test_json_logs_have_the_request_id_and_no_personal_data(app, client, caplog):
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        client.get("/i/secret-token-abc?name=Amira")
    record = next(r for r in caplog.records if getattr(r, "fields", None))
    line = json.loads(JsonFormatter().format(record))
    assert line["endpoint"] == "participate.open_link"
    assert line["status"] == 404
    assert len(line["request_id"]) == 32
    assert line["level"] == "info"
    assert "secret-token" not in json.dumps(line)
    assert "Amira" not in json.dumps(line)


def test_production_logs_json_by_default(production_env):
    app = create_app("production")
    assert app.config["LOG_FORMAT"] == "json"
    assert [type(h.formatter).__name__ for h in app.logger.handlers] == ["JsonFormatter"]
