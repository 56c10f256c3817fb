"""Why an upload was refused, in the uploader's language."""

from __future__ import annotations


class RefusedUpload(ValueError):
    """The file cannot be used; `message` says why, in words for the person who sent it.
    `status` is the HTTP status the refusal is answered with."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UploadsBusy(RefusedUpload):
    """Too many pictures or recordings are being processed right now: try again shortly."""

    status = 429
