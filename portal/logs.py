"""Logging that never writes personal data or working links.

Each request is logged by endpoint name, never by URL (a URL can hold an invitation token), with
the request id that audit events also carry.
"""

from __future__ import annotations

import re
import time

from flask import Flask, Response, current_app, g, request

_TOKEN_IN_PATH = re.compile(r"/i/[^\s/?\"']+")
# A query string can hold a staff member's search (a child's name) or a participant's input.
_QUERY_STRING = re.compile(r"\?[^\s\"']*")


def redact(text: str) -> str:
    """A request line fit for a log: no invitation token, no query string."""
    return _QUERY_STRING.sub("?[redacted]", _TOKEN_IN_PATH.sub("/i/[redacted]", text))


def init_app(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_log_request)


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    if request.endpoint == "static":
        return response
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    current_app.logger.info(
        "request id=%s method=%s endpoint=%s status=%s ms=%.1f",
        g.get("request_id", "-"),
        request.method,
        request.endpoint or "-",
        response.status_code,
        elapsed_ms,
    )
    return response
