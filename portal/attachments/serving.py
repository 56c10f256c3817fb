"""Sending a stored picture or recording to whoever may see it: the participant who sent it,
or (in the pack) their IRO. Each blueprint checks access first; this only answers."""

from __future__ import annotations

import io

from flask import abort, current_app, send_file
from werkzeug.wrappers import Response

from portal.attachments import file_of
from portal.models import Attachment

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "audio/mp4": "m4a"}


def serve(attachment: Attachment, *, thumbnail: bool = False) -> Response:
    """A stored file with its type, inline; a missing file is a 404."""
    data = file_of(attachment, thumbnail=thumbnail)
    if data is None:
        current_app.logger.error("attachment %s: stored file missing", attachment.id)
        abort(404)
    # A thumbnail is made from the same pixels as its picture, so it has the picture's type.
    content_type = attachment.content_type
    return send_file(
        io.BytesIO(data),
        mimetype=content_type,
        download_name=f"{attachment.kind.value}-{attachment.id}.{EXTENSIONS[content_type]}",
        as_attachment=False,
        conditional=True,
        max_age=0,
    )  # nosniff, like every response, comes from portal/security.py
