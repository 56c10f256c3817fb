"""Probes for the load balancer and the process manager: /healthz says the process answers;
/readyz says it can reach its database, so traffic is only sent to an instance that can serve
it. Neither makes a session, writes a log line of its own, or says anything about the data."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from portal.extensions import db, limiter

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@limiter.exempt
def healthz() -> Response:
    return jsonify(status="ok")


@blueprint.get("/readyz")
@limiter.exempt
def readyz() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
