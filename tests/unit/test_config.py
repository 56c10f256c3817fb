import pytest

from config import DevelopmentConfig, ProductionConfig, TestConfig, database_url
from portal import create_app

PRODUCTION_ENV = {
    "SECRET_KEY": "s" * 64,
    "DATABASE_URL": "postgresql://portal@db.internal/portal",
    "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379",
}


def set_env(monkeypatch, values):
    for name in ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_its_settings(monkeypatch, missing):
    set_env(monkeypatch, {k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    with pytest.raises(RuntimeError, match=missing):
        ProductionConfig()


def test_production_refuses_a_rate_limit_store_in_process_memory(monkeypatch):
    set_env(monkeypatch, {**PRODUCTION_ENV, "RATELIMIT_STORAGE_URI": "memory://"})
    with pytest.raises(RuntimeError, match="shared by every instance"):
        ProductionConfig()


def test_production_hardens_cookies_and_transport(monkeypatch):
    set_env(monkeypatch, PRODUCTION_ENV)
    config = ProductionConfig()
    assert config.SESSION_COOKIE_SECURE
    assert config.HSTS
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://portal@db.internal/portal"


@pytest.mark.parametrize("config_class", [DevelopmentConfig, TestConfig])
def test_a_database_url_that_is_set_wins_in_every_configuration(monkeypatch, config_class):
    set_env(monkeypatch, {"DATABASE_URL": "sqlite:////tmp/elsewhere.sqlite3"})
    assert config_class().SQLALCHEMY_DATABASE_URI == "sqlite:////tmp/elsewhere.sqlite3"


def test_development_defaults_to_sqlite_under_instance(monkeypatch):
    set_env(monkeypatch, {})
    assert DevelopmentConfig().SQLALCHEMY_DATABASE_URI.endswith("instance/portal.sqlite3")


def test_postgres_urls_get_the_psycopg_dialect(monkeypatch):
    set_env(monkeypatch, {"DATABASE_URL": "postgres://u@h/d"})
    assert database_url("x") == "postgresql+psycopg://u@h/d"


def test_unknown_configuration_name_is_refused():
    with pytest.raises(RuntimeError, match="Unknown configuration"):
        create_app("staging")
