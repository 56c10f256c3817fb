"""Why an upload was refused, in the uploader's language."""

from __future__ import annotations


class RefusedUpload(ValueError):
    """The file cannot be used; `message` says why, in words for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
