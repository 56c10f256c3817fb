"""Database settings that SQLAlchemy's URL cannot carry."""

from __future__ import annotations

from typing import Any, cast

from flask import Flask
from sqlalchemy import CursorResult, Result, Table, event, select, update

from portal.extensions import db
from portal.models import Base


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        durable = app.config["DATABASE_DURABLE_COMMITS"]
        event.listen(
            engine, "connect", lambda connection, _record: _sqlite_pragmas(connection, durable)
        )
    elif not app.config["DATABASE_DURABLE_COMMITS"]:
        event.listen(engine, "connect", _postgresql_fast_commits)


def _sqlite_pragmas(dbapi_connection: Any, durable: bool) -> None:
    # WAL lets readers carry on while one writer commits; FULL makes a commit survive power
    # loss; the busy timeout makes a second writer wait instead of failing at once; SQLite
    # ignores foreign keys unless asked.
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL" if durable else "synchronous=OFF",
        "busy_timeout=5000",
        "foreign_keys=ON",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _postgresql_fast_commits(dbapi_connection: Any, _record: Any) -> None:
    # Tests only: a commit need not wait for the disk (a crash loses the last few, never
    # corrupts). Everything else about transactions is unchanged.
    cursor = dbapi_connection.cursor()
    cursor.execute("SET synchronous_commit = off")
    cursor.close()
    dbapi_connection.commit()


def lock_row(model: type[Base], row_id: int) -> None:
    """Hold a lock on one row until the transaction ends, so a check made after it (a count,
    a limit) cannot be raced by another request doing the same. PostgreSQL: SELECT ... FOR
    UPDATE. SQLite has no row locks: an UPDATE that changes nothing takes its one write lock
    at once, and other writers wait (busy_timeout) until this transaction ends."""
    table = cast(Table, model.__table__)
    key = table.c.id
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(table).where(key == row_id).values(id=key))
    else:
        db.session.execute(select(key).where(key == row_id).with_for_update())


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched (its result is a cursor result)."""
    return cast(CursorResult[Any], result).rowcount or 0
