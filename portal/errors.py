"""Error pages. They speak the reader's language and never show technical detail."""

from __future__ import annotations

import traceback

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from portal.extensions import db
from portal.security import ControlCharacters


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(ControlCharacters, _control_characters)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DataError, _data_error)
    app.register_error_handler(Exception, _unexpected_error)


def _layout() -> str:
    return "staff/_layout.html" if request.blueprint == "staff" else "participate/_layout.html"


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_template("errors/page.html", status=400, kind="csrf", layout=_layout()), 400


def _control_characters(error: ControlCharacters) -> tuple[str, int]:
    return render_template(
        "errors/page.html", status=400, kind="control_characters", layout=_layout()
    ), 400


def _data_error(error: DataError) -> tuple[str, int]:
    """The last line of defence: a value the database refuses (too long, out of range). Every
    form bounds its fields so this is not reached; if it is, it is a bug to fix, logged without
    the values (the engine hides parameters), and the person gets a 400, not a 500."""
    db.session.rollback()
    current_app.logger.error("database refused a value: %s", describe(error))
    return render_template(
        "errors/page.html", status=400, kind="bad_request", layout=_layout()
    ), 400


def _http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    status = error.code or 500
    if status < 400:
        return error
    kind = {404: "not_found", 413: "too_large", 429: "too_many"}.get(status, "bad_request")
    if status >= 500:
        kind = "server"
    response = render_template("errors/page.html", status=status, kind=kind, layout=_layout())
    return response, status


def describe(error: BaseException) -> str:
    """What went wrong, fit for a log: the exception's type and where it was raised, and for a
    database error its code, table and constraint. Never the exception's message: a database
    puts the failing row in it (PostgreSQL's "Failing row contains (... Jayden ...)"), and
    other messages may quote what someone typed."""
    parts = [type(error).__name__]
    original = getattr(error, "orig", None)
    diagnosis = getattr(original, "diag", None)
    if original is not None:
        parts.append(type(original).__name__)
    for name in ("sqlstate", "table_name", "column_name", "constraint_name"):
        value = getattr(diagnosis, name, None) or (
            getattr(original, name, None) if name == "sqlstate" else None
        )
        if value:
            parts.append(f"{name}={value}")
    where = "".join(traceback.format_tb(error.__traceback__))
    return " ".join(parts) + "\n" + where


def _unexpected_error(error: Exception) -> tuple[str, int]:
    db.session.rollback()
    current_app.logger.error("unhandled error %s", describe(error))
    return render_template("errors/page.html", status=500, kind="server", layout=_layout()), 500
