"""Logging that never writes personal data or working links.

Each request is logged by endpoint name, never by URL (a URL can hold an invitation token), with
the request id that audit events also carry.
"""

from __future__ import annotations

import json
import logging
import re
import time

from flask import Flask, Response, current_app, g, request

_TOKEN_IN_PATH = re.compile(r"/i/[^\s/?\"']+")
# A query string can hold a staff member's search (a child's name) or a participant's input.
_QUERY_STRING = re.compile(r"\?[^\s\"']*")


def redact(text: str) -> str:
    """A request line fit for a log: no invitation token, no query string."""
    return _QUERY_STRING.sub("?[redacted]", _TOKEN_IN_PATH.sub("/i/[redacted]", text))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log collector: time, level, logger, message, and the
    request's fields when it describes one. Only what the app put in its own message and
    fields is written: exceptions are logged by type (portal/errors.py), never with values."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, ensure_ascii=False, sort_keys=True)


def configure(app: Flask) -> None:
    """LOG_FORMAT=json writes JSON lines to standard error (production's default)."""
    if app.config.get("LOG_FORMAT") != "json":
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    app.logger.handlers = [handler]
    app.logger.propagate = False


def init_app(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_log_request)


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    if request.endpoint == "static":
        return response
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    fields = {
        "request_id": g.get("request_id", "-"),
        "method": request.method,
        "endpoint": request.endpoint or "-",
        "status": response.status_code,
        "ms": round(elapsed_ms, 1),
    }
    current_app.logger.info(
        "request id=%(request_id)s method=%(method)s endpoint=%(endpoint)s status=%(status)s"
        " ms=%(ms)s",
        fields,
        extra={"fields": fields},
    )
    return response
