"""Server-side sessions stored in the database.

The cookie holds only a random 256-bit id; the database holds its SHA-256 digest and the
session's contents. So any instance can serve any request, signing out really ends the
session, and idle and absolute time-outs are enforced by the server, not trusted to a cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin, session_json_serializer
from sqlalchemy import delete, insert, select, update
from werkzeug.datastructures import CallbackDict

from portal import database
from portal.extensions import db
from portal.models.base import utcnow
from portal.models.web_session import WebSession

# Writing last_seen on every request would turn every page view into a write; a minute of
# slack on a 30-minute idle limit is harmless.
TOUCH_INTERVAL = timedelta(seconds=60)
SESSION_ID_BYTES = 32


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class ServerSession(CallbackDict[str, Any], SessionMixin):
    def __init__(
        self,
        initial: dict[str, Any] | None = None,
        session_id: str | None = None,
        created_at: datetime | None = None,
        last_seen_at: datetime | None = None,
    ) -> None:
        def on_update(_: CallbackDict[str, Any]) -> None:
            self.modified = True

        super().__init__(initial or {}, on_update)
        self.session_id = session_id
        self.created_at = created_at
        self.last_seen_at = last_seen_at
        self.modified = False
        self.regenerate_requested = False
        self.end_requested = False
        # True when the browser sent a session cookie the server no longer honours.
        self.expired = False

    @property
    def new(self) -> bool:  # type: ignore[override]
        return self.session_id is None

    def regenerate(self) -> None:
        """Give this session a new id at the end of the request (call at every sign-in)."""
        self.regenerate_requested = True
        self.modified = True

    def end(self) -> None:
        """Forget everything and delete the server-side record (sign out, quick exit)."""
        self.clear()
        self.end_requested = True


class DatabaseSessionInterface(SessionInterface):
    serializer = session_json_serializer

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        if request.endpoint == "static":
            return ServerSession()
        session_id = request.cookies.get(self.get_cookie_name(app), "")
        if not session_id or len(session_id) > 64:
            return ServerSession()
        row = db.session.execute(
            select(
                WebSession.data,
                WebSession.created_at,
                WebSession.last_seen_at,
                WebSession.expires_at,
            ).where(WebSession.id_hash == _digest(session_id))
        ).one_or_none()
        if row is None or row.expires_at <= utcnow():
            stale = ServerSession()
            stale.expired = True
            return stale
        return ServerSession(
            self.serializer.loads(row.data), session_id, row.created_at, row.last_seen_at
        )

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        if session.end_requested or (not session and not session.new and session.modified):
            self._delete(session.session_id)
            if not session.new:
                response.delete_cookie(
                    self.get_cookie_name(app),
                    path=self.get_cookie_path(app),
                    domain=self.get_cookie_domain(app),
                )
            return
        if not session:
            return
        now = utcnow()
        if session.regenerate_requested or session.new:
            self._delete(session.session_id)
            session.session_id = secrets.token_urlsafe(SESSION_ID_BYTES)
            session.created_at = now
            self._write(app, session, now, insert_row=True)
        elif session.modified or now - (session.last_seen_at or now) >= TOUCH_INTERVAL:
            self._write(app, session, now, insert_row=False)
        response.vary.add("Cookie")
        response.set_cookie(
            self.get_cookie_name(app),
            session.session_id or "",
            httponly=True,
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            path=self.get_cookie_path(app),
            domain=self.get_cookie_domain(app),
        )

    def _write(self, app: Flask, session: ServerSession, now: datetime, insert_row: bool) -> None:
        assert session.session_id and session.created_at
        idle, absolute = timeouts_for(app, session)
        values = {
            "data": self.serializer.dumps(dict(session)),
            "last_seen_at": now,
            "expires_at": min(now + idle, session.created_at + absolute),
        }
        digest = _digest(session.session_id)
        # A connection of its own: the view's unit of work is committed or rolled back already,
        # and a session write must never commit half of a failed request.
        with db.engine.begin() as connection:
            if insert_row:
                connection.execute(
                    insert(WebSession).values(
                        id_hash=digest, created_at=session.created_at, **values
                    )
                )
            else:
                connection.execute(
                    update(WebSession).where(WebSession.id_hash == digest).values(**values)
                )

    def _delete(self, session_id: str | None) -> None:
        if session_id:
            with db.engine.begin() as connection:
                connection.execute(
                    delete(WebSession).where(WebSession.id_hash == _digest(session_id))
                )


def timeouts_for(app: Flask, session: SessionMixin) -> tuple[timedelta, timedelta]:
    """Idle and absolute limits: staff sessions and participants' sessions differ."""
    if "_user_id" in session or "pending_staff_id" in session:
        return app.config["STAFF_IDLE_TIMEOUT"], app.config["STAFF_ABSOLUTE_TIMEOUT"]
    return app.config["PARTICIPANT_IDLE_TIMEOUT"], app.config["PARTICIPANT_ABSOLUTE_TIMEOUT"]


def purge_expired_sessions() -> int:
    """Delete sessions past their expiry; returns how many."""
    result = db.session.execute(delete(WebSession).where(WebSession.expires_at <= utcnow()))
    return database.rowcount(result)
