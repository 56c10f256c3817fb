"""The migrations build the schema from nothing on SQLite and PostgreSQL, and match the models."""

import os
import uuid

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db
from portal.models import Base


def test_models_match_the_migrations(app):
    # The suite's database was built by `flask db upgrade` alone (see conftest).
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def scratch_database(tmp_path):
    """A new, empty database beside the suite's, on the same kind of server."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'scratch.sqlite3'}", None
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(url).set(database=name).render_as_string(hide_password=False), (admin, name)


def test_upgrade_from_empty_downgrade_and_upgrade_again(tmp_path):
    url, cleanup = scratch_database(tmp_path)
    try:
        scratch = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
        with scratch.app_context():
            flask_migrate.upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert {table.name for table in Base.metadata.sorted_tables} <= tables
            flask_migrate.downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            flask_migrate.upgrade()
            assert {table.name for table in Base.metadata.sorted_tables} <= set(
                inspect(db.engine).get_table_names()
            )
            db.engine.dispose()
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
