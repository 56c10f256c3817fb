"""Response headers every page carries, and the request id that ties logs to audit events."""

from __future__ import annotations

import uuid

from flask import Flask, Response, current_app, g, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "media-src 'self' blob:",  # listening back to a voice message before sending it
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


# Routes that take a file; every other request keeps the small MAX_CONTENT_LENGTH.
UPLOAD_ENDPOINTS = frozenset({"participate.upload_attachment"})


def init_app(app: Flask) -> None:
    app.before_request(_assign_request_id)
    app.before_request(_allow_uploads)
    app.after_request(_set_security_headers)


def _allow_uploads() -> None:
    # Before CSRFProtect reads the form: the limit must be raised before the body is parsed.
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"]


def _assign_request_id() -> None:
    g.request_id = uuid.uuid4().hex


def _set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(self), microphone=(self), geolocation=(), payment=()"
    if request.endpoint != "static":
        # Pages hold children's words: no browser, proxy or back-button cache may keep them.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    if "request_id" in g:
        headers["X-Request-ID"] = g.request_id
    if current_app.config.get("HSTS"):
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response
