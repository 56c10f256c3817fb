"""Database settings that SQLAlchemy's URL cannot carry."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from portal.extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers carry on while one writer commits; FULL makes a commit survive power
    # loss; the busy timeout makes a second writer wait instead of failing at once; SQLite
    # ignores foreign keys unless asked.
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "busy_timeout=5000",
        "foreign_keys=ON",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
