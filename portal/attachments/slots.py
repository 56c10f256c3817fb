"""At most a few pictures or recordings are decoded at once in each process.

Decoding is where an upload costs memory (a picture's pixels, a recording's samples): bounding
how many run at once bounds the process's peak, however many arrive together. A request that
cannot get a slot in time is told to try again shortly (429), rather than queueing without end.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_babel import gettext as _

from portal.attachments.errors import UploadsBusy

_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _semaphore() -> threading.BoundedSemaphore:
    size = current_app.config["MEDIA_DECODES_AT_ONCE"]
    with _lock:
        if size not in _slots:
            _slots[size] = threading.BoundedSemaphore(size)
        return _slots[size]


@contextmanager
def decode_slot() -> Iterator[None]:
    semaphore = _semaphore()
    if not semaphore.acquire(timeout=current_app.config["MEDIA_DECODE_WAIT_SECONDS"]):
        raise UploadsBusy(
            _("Lots of pictures are being sent right now. Wait a minute, then try again.")
        )
    try:
        yield
    finally:
        semaphore.release()
