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

import functools
import os
import secrets
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

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
        return self.root / key[:2] / checked(key)

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


def checked(key: str) -> str:
    """A key as new_key makes them: never a path, so it cannot reach another object."""
    if not key or "/" in key or "\\" in key or key.startswith("."):
        raise ValueError("bad storage key")
    return key


class S3Storage:
    """Files in an S3 bucket, or any store that speaks S3 (S3_ENDPOINT_URL), for several
    instances: every object under one prefix, encrypted at rest by the store. Tested against
    moto's standalone server, not against AWS itself."""

    def __init__(self, bucket: str, prefix: str, client: Any) -> None:
        self.bucket, self.prefix, self.client = bucket, prefix, client

    def _key(self, key: str) -> str:
        return self.prefix + checked(key)

    def save(self, key: str, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ServerSideEncryption="AES256"
        )

    def read(self, key: str) -> bytes | None:
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except self.client.exceptions.NoSuchKey:
            return None
        return bytes(found["Body"].read())

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except self.client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def keys_older_than(self, moment: datetime) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        return [
            item["Key"].removeprefix(self.prefix)
            for page in pages
            for item in page.get("Contents", [])
            if item["LastModified"] < moment
        ]


@functools.cache
def _s3_client(endpoint_url: str | None, region: str | None) -> Any:
    """One client per process (boto3 clients may be shared between threads)."""
    import boto3

    return boto3.client("s3", endpoint_url=endpoint_url, region_name=region)


def storage() -> Storage:
    backend = current_app.config["STORAGE_BACKEND"]
    if backend == "local":
        return LocalStorage(current_app.config["STORAGE_PATH"])
    if backend == "database":
        return DatabaseStorage()
    if backend == "s3":
        config = current_app.config
        client = _s3_client(config.get("S3_ENDPOINT_URL"), config.get("S3_REGION"))
        return S3Storage(config["S3_BUCKET"], config.get("S3_PREFIX", "uploads/"), client)
    raise RuntimeError(f"Unknown STORAGE_BACKEND {backend!r}: use 'local', 'database' or 's3'")


def remove_orphans(referenced: set[str], grace: timedelta = timedelta(hours=1)) -> int:
    """Delete stored files no row points to (left by a crash between storing and committing).
    Files younger than `grace` are left alone: their rows may be committing right now."""
    store = storage()
    orphans = [key for key in store.keys_older_than(utcnow() - grace) if key not in referenced]
    for key in orphans:
        store.delete(key)
    return len(orphans)
