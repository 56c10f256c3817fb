"""Fixtures shared by the whole suite.

The schema is built once per run by the real migrations, on SQLite (a temporary file) or on
PostgreSQL when TEST_DATABASE_URL is set. Each test starts from empty tables and runs with an
app context of its own; every request through the test client runs in a fresh context, as it
would in production, so nothing leaks between the test and the request through `g` or the
SQLAlchemy session.
"""

from __future__ import annotations

import contextvars
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db, limiter
from portal.models import Base, Role
from tests import factories
from tests.pages import PageMixin


def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """SQLite in a temporary file, or TEST_DATABASE_URL. With pytest-xdist each worker has a
    database of its own on that server (test_gw0, test_gw1, ...), created if missing."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def reset_database(url: str) -> None:
    """Start the run from an empty database, so migrations are tested from nothing."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = database_url(tmp_path_factory)
    reset_database(url)
    storage = tmp_path_factory.mktemp("storage")
    application = create_app(
        "test", {"SQLALCHEMY_DATABASE_URI": url, "STORAGE_PATH": str(Path(storage))}
    )
    application.test_client_class = PortalClient
    with application.app_context():
        flask_migrate.upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        empty_tables()
    limiter.reset()
    shutil.rmtree(app.config["STORAGE_PATH"], ignore_errors=True)


def empty_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if not table.info.get("reference_data"):  # the working-day calendar stays
                connection.execute(table.delete())


class PortalClient(PageMixin, FlaskClient):
    """A test client whose requests each run in a fresh context (see the module docstring)."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if not has_app_context():  # a redirect followed from inside a request's own context
            return super().open(*args, **kwargs)
        db.session.commit()  # what the test set up is visible to the request
        response = contextvars.Context().run(super().open, *args, **kwargs)
        db.session.expire_all()  # and what the request changed is visible to the test
        return response


@pytest.fixture
def client(app: Flask) -> PortalClient:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def organisation() -> Any:
    return factories.organisation()


@pytest.fixture
def staff_client(app: Flask, organisation: Any) -> Callable[..., PortalClient]:
    """`staff_client(Role.IRO)` -> (a client signed in as a new member of staff, that person)."""

    def make(role: Role, org: Any = None, **kwargs: Any) -> Any:
        person = factories.staff(org or organisation, role, **kwargs)
        browser: PortalClient = app.test_client()  # type: ignore[assignment]
        factories.sign_in(browser, person)
        return browser, person

    return make


@pytest.fixture
def production_app(monkeypatch: pytest.MonkeyPatch, app: Flask) -> Iterator[Flask]:
    """The app as production configures it, on the suite's database. Its rate-limit counters
    stay in memory: the limiter is one object shared by every app in the process, and pointing
    it at a Redis server would make other tests' limits count across runs. Afterwards the
    limiter is given back to the suite's app."""
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    production = create_app("production", {"RATELIMIT_STORAGE_URI": "memory://"})
    try:
        yield production
    finally:
        # Its own engine's connections are closed now, not whenever they are collected.
        with production.app_context():
            db.engine.dispose()
        limiter.init_app(app)
