"""The migrations build the schema from nothing on SQLite and PostgreSQL, and match the models."""

import os
import uuid
from datetime import date

import flask_migrate
import pytest
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


@pytest.fixture
def scratch_app(tmp_path):
    """The app on a new, empty database beside the suite's, on the same kind of server; the
    database is dropped afterwards."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield create_app("test", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}"})
        return
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    scratch_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    try:
        yield create_app("test", {"SQLALCHEMY_DATABASE_URI": scratch_url})
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_downgrade_and_upgrade_again(scratch_app):
    with scratch_app.app_context():
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


def test_urgent_flags_become_safety_alerts_that_nobody_has_acknowledged(scratch_app):
    """0007 turns each consultation flagged urgent into an alert: none disappears."""
    now = "2026-12-01 10:00:00"
    rows = [
        "INSERT INTO organisation (id, name, advocacy_service_name, advocacy_service_email, "
        "independent_visitor_provider_name, independent_visitor_provider_email, complaints_email,"
        " helpline_text, data_retention_days, created_at) VALUES (1, 'C', 'A', 'a@x.org', 'I',"
        " 'i@x.org', 'c@x.org', '', 365, :now)",
        "INSERT INTO child (id, organisation_id, name, date_of_birth, preferred_language, "
        "interpreter_needed, case_reference, looked_after_since, uasc, created_at) VALUES "
        "(1, 1, 'Kai', '2012-01-01', 'en', false, 'R1', '2025-01-01', false, :now)",
        "INSERT INTO review (id, child_id, kind, due_date, scheduled_at, venue, format, status, "
        "created_at) VALUES (1, 1, 'first', '2026-12-20', :now, 'School', 'in_person', "
        "'held', :now)",
        "INSERT INTO invitation (id, review_id, role, label, language, token_hash, code_hash, "
        "credential_version, expires_at, issued_at, created_at) VALUES (1, 1, 'parent', 'Mum', "
        "'en', 't', 'c', 1, :now, :now, :now)",
        "INSERT INTO consultation (id, invitation_id, purpose, form_key, form_version, urgent_at,"
        " created_at, updated_at) VALUES (1, 1, 'views', 'parent', 1, :now, :now, :now)",
    ]
    with scratch_app.app_context():
        flask_migrate.upgrade(revision="0006")
        with db.engine.begin() as connection:
            for row in rows:
                connection.execute(text(row), {"now": now})
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            alert = connection.execute(
                text(
                    "SELECT kind, status, raised_by_role, raised_by_name, review_id, child_id"
                    " FROM support_request"
                )
            ).one()
        assert tuple(alert) == ("safety_alert", "received", "parent", "Mum", 1, 1)
        db.engine.dispose()


def test_held_reviews_get_their_record_and_midpoint_dates(scratch_app):
    """0018 gives reviews already held the dates the reports compare, and a sent letter's day
    (in UK time: 23:30 UTC on 31 March 2025 was already 1 April in London)."""
    now = "2026-12-01 10:00:00"
    rows = [
        "INSERT INTO organisation (id, name, advocacy_service_name, advocacy_service_email, "
        "independent_visitor_provider_name, independent_visitor_provider_email, complaints_email,"
        " helpline_text, data_retention_days, created_at) VALUES (1, 'C', 'A', 'a@x.org', 'I',"
        " 'i@x.org', 'c@x.org', '', 365, :now)",
        "INSERT INTO staff_user (id, organisation_id, name, email, role, password_hash, active, "
        "failed_sign_ins, created_at) VALUES (1, 1, 'Priya', 'p@x.org', 'iro', 'x', true, 0, :now)",
        "INSERT INTO child (id, organisation_id, name, date_of_birth, preferred_language, "
        "interpreter_needed, case_reference, looked_after_since, uasc, created_at) VALUES "
        "(1, 1, 'Kai', '2012-01-01', 'en', false, 'R1', '2020-01-01', false, :now)",
        "INSERT INTO review (id, child_id, kind, due_date, scheduled_at, venue, format, status, "
        "held_on, created_at) VALUES (1, 1, 'subsequent', '2025-03-20', :now, 'School', "
        "'in_person', 'held', '2025-03-14', :now)",
        "INSERT INTO review (id, child_id, kind, due_date, scheduled_at, venue, format, status, "
        "created_at) VALUES (2, 1, 'subsequent', '2025-09-20', :now, 'School', 'in_person', "
        "'scheduled', :now)",
        "INSERT INTO child_letter (id, review_id, talked_about, decided, actions, shared_with, "
        "written_by_id, updated_at, sent_at) VALUES (1, 1, '', '', '', '[]', 1, :now, "
        "'2025-03-31 23:30:00')",
    ]
    with scratch_app.app_context():
        flask_migrate.upgrade(revision="0017")
        with db.engine.begin() as connection:
            for row in rows:
                connection.execute(text(row), {"now": now})
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            held, booked = connection.execute(
                text(
                    "SELECT record_due_on, midpoint_due_on, record_written_on, imported"
                    " FROM review ORDER BY id"
                )
            ).all()
            working_days = connection.execute(
                text("SELECT count(*) FROM calendar_day WHERE day >= '2025-01-01'")
            ).scalar_one()
        # 20 working days after Friday 14 March 2025 (no bank holidays between).
        assert [str(value) for value in held[:3]] == ["2025-04-11", "2025-06-14", "2025-04-01"]
        assert not held[3]  # not imported: held here
        assert tuple(booked[:3]) == (None, None, None)  # not held yet: nothing due
        assert working_days == (date(2045, 12, 31) - date(2025, 1, 1)).days + 1
        db.engine.dispose()
