"""Error pages. They speak the reader's language and never show technical detail."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.extensions import db


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _layout() -> str:
    return "staff/_layout.html" if request.blueprint == "staff" else "participate/_layout.html"


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_template("errors/page.html", status=400, kind="csrf", layout=_layout()), 400


def _http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    status = error.code or 500
    if status < 400:
        return error
    kind = {404: "not_found", 413: "too_large", 429: "too_many"}.get(status, "bad_request")
    if status >= 500:
        kind = "server"
    response = render_template("errors/page.html", status=status, kind=kind, layout=_layout())
    return response, status


def _unexpected_error(error: Exception) -> tuple[str, int]:
    db.session.rollback()
    current_app.logger.exception("unhandled error")
    return render_template("errors/page.html", status=500, kind="server", layout=_layout()), 500
