import pytest

from config import DevelopmentConfig, ProductionConfig, TestConfig, database_url
from portal import create_app

PRODUCTION_ENV = {
    "SECRET_KEY": "s" * 64,
    "DATABASE_URL": "postgresql://portal@db.internal/portal",
    "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379",
}


def set_env(monkeypatch, values):
    for name in ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_settings(monkeypatch, missing):
    set_env(monkeypatch, {k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    with pytest.raises(RuntimeError, match=missing):
        ProductionConfig()


@pytest.mark.parametrize(
    "store", [{}, {"RATELIMIT_STORAGE_URI": "memory://"}], ids=["none", "memory"]
)
def test_production_refuses_a_rate_limit_store_in_process_memory(monkeypatch, store):
    without = {k: v for k, v in PRODUCTION_ENV.items() if k != "RATELIMIT_STORAGE_URI"}
    set_env(monkeypatch, {**without, **store})
    with pytest.raises(RuntimeError, match="a store every instance shares: set REDIS_URL"):
        ProductionConfig()


def test_redis_url_holds_the_rate_limit_counters_when_set(monkeypatch):
    without = {k: v for k, v in PRODUCTION_ENV.items() if k != "RATELIMIT_STORAGE_URI"}
    set_env(monkeypatch, {**without, "REDIS_URL": "redis://cache.internal:6379/2"})
    assert ProductionConfig().RATELIMIT_STORAGE_URI == "redis://cache.internal:6379/2"
    set_env(monkeypatch, {})
    assert DevelopmentConfig().RATELIMIT_STORAGE_URI == "memory://"  # one process, no Redis


def test_an_explicit_rate_limit_store_wins_over_redis_url(monkeypatch):
    set_env(monkeypatch, {**PRODUCTION_ENV, "REDIS_URL": "redis://other:6379"})
    assert ProductionConfig().RATELIMIT_STORAGE_URI == "redis://cache.internal:6379"


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
