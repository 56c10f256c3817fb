"""Where uploaded files live, behind one small interface.

- `local`: files under STORAGE_PATH (instance/uploads by default) on one machine. A file is
  written to a temporary name, fsynced, then renamed into place, so a crash never leaves half a
  file under a real name.
- `database`: the bytes in the `stored_file` table, for several app instances that share no
  disk. The bytes join the caller's transaction, so they and their attachment row are committed
  together or not at all.

Callers store the file first and commit the row that points to it afterwards: a crash in
between leaves a file no row points to, which is never served and which `purge-expired` removes,
and never a row without its file.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from flask import current_app
from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import StoredFile
from portal.models.base import utcnow

KEY_BYTES = 24


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


class Storage(Protocol):
    def save(self, key: str, data: bytes) -> None: ...
    def read(self, key: str) -> bytes | None: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def keys_older_than(self, moment: datetime) -> list[str]: ...


class LocalStorage:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key or "/" in key or "\\" in key or key.startswith("."):
            raise ValueError("bad storage key")
        return self.root / key[:2] / key

    def save(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # make the rename itself durable
        finally:
            os.close(directory)

    def read(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys_older_than(self, moment: datetime) -> list[str]:
        if not self.root.exists():
            return []
        cutoff = moment.timestamp()
        return [
            path.name
            for path in self.root.glob("*/*")
            if path.is_file() and path.stat().st_mtime < cutoff
        ]


class DatabaseStorage:
    def save(self, key: str, data: bytes) -> None:
        db.session.add(StoredFile(key=key, data=data))
        db.session.flush()

    def read(self, key: str) -> bytes | None:
        return db.session.execute(select(StoredFile.data).where(StoredFile.key == key)).scalar()

    def exists(self, key: str) -> bool:
        found = db.session.execute(select(StoredFile.key).where(StoredFile.key == key)).first()
        return found is not None

    def delete(self, key: str) -> None:
        db.session.execute(delete(StoredFile).where(StoredFile.key == key))

    def keys_older_than(self, moment: datetime) -> list[str]:
        return list(
            db.session.execute(
                select(StoredFile.key).where(StoredFile.created_at < moment)
            ).scalars()
        )


def storage() -> Storage:
    backend = current_app.config["STORAGE_BACKEND"]
    if backend == "local":
        return LocalStorage(current_app.config["STORAGE_PATH"])
    if backend == "database":
        return DatabaseStorage()
    raise RuntimeError(f"Unknown STORAGE_BACKEND {backend!r}: use 'local' or 'database'")


def remove_orphans(referenced: set[str], grace: timedelta = timedelta(hours=1)) -> int:
    """Delete stored files no row points to (left by a crash between storing and committing).
    Files younger than `grace` are left alone: their rows may be committing right now."""
    store = storage()
    orphans = [key for key in store.keys_older_than(utcnow() - grace) if key not in referenced]
    for key in orphans:
        store.delete(key)
    return len(orphans)
