"""Response headers every page carries, and the request id that ties logs to audit events."""

from __future__ import annotations

import string
import unicodedata
import uuid
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import BadRequest

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


# Printable ASCII without the space: no tab, CR, LF or other character a browser might drop or
# a header might split on.
_PATH_CHARACTERS = frozenset(string.ascii_letters + string.digits + string.punctuation)


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None.

    Only a relative reference made of printable ASCII, starting with one "/", with no
    backslash, whose parsed form has neither a scheme nor a host. Browsers drop tabs and
    newlines and read "\\" as "/", so "/\t/evil.example" or "/\\evil.example" would leave
    the site.
    """
    if not target or len(target) > 2000 or not set(target) <= _PATH_CHARACTERS:
        return None
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


class ControlCharacters(BadRequest):
    """Something sent holds NUL or another control character: refused as a whole, before any
    form or query sees it, so nothing is half-stored (PostgreSQL cannot store NUL at all)."""

    description = "control characters"


# Tabs and line breaks are text; every other C0 or C1 control character is not.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def has_control_characters(text: str) -> bool:
    return any(
        unicodedata.category(character) == "Cc" and character not in _ALLOWED_CONTROLS
        for character in text
    )


def _refuse_control_characters() -> None:
    sent = [*request.args.items(multi=True)]
    if request.method in ("POST", "PUT", "PATCH"):
        sent += [*request.form.items(multi=True)]
        sent += [(name, file.filename or "") for name, file in request.files.items(multi=True)]
    if any(has_control_characters(key) or has_control_characters(value) for key, value in sent):
        raise ControlCharacters()


def init_app(app: Flask) -> None:
    app.before_request(_assign_request_id)
    app.before_request(_allow_uploads)
    app.before_request(_refuse_control_characters)
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
