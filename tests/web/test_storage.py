"""The storage interface: local files (atomic writes) and the database backend for several
instances; and purging files nothing points to."""

import io
import os
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import storage
from portal.extensions import db
from portal.models import Attachment, Role, StoredFile
from portal.models.base import utcnow
from tests import factories, media
from tests.network import free_port
from tests.pack_helpers import post_upload


@pytest.fixture(params=["local", "database"])
def backend(request, app, tmp_path):
    original = dict(app.config)
    app.config.update(STORAGE_BACKEND=request.param, STORAGE_PATH=str(tmp_path / "files"))
    yield request.param
    app.config.update(
        STORAGE_BACKEND=original["STORAGE_BACKEND"], STORAGE_PATH=original["STORAGE_PATH"]
    )


def test_save_read_delete(backend):
    store = storage.storage()
    key = storage.new_key()
    store.save(key, b"picture bytes")
    db.session.commit()
    assert store.read(key) == b"picture bytes"
    store.delete(key)
    db.session.commit()
    assert store.read(key) is None


def test_local_writes_leave_no_temporary_files(tmp_path):
    store = storage.LocalStorage(tmp_path)
    key = storage.new_key()
    store.save(key, b"x" * 10_000)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [tmp_path / key[:2] / key]


def test_keys_cannot_escape_the_storage_folder(app, tmp_path):
    store = storage.LocalStorage(tmp_path)
    for key in ("../etc/passwd", "a/b", ".hidden", ""):
        with pytest.raises(ValueError, match="bad storage key"):
            store.save(key, b"x")


def test_uploads_work_with_the_database_backend(app, client, organisation, tmp_path):
    app.config.update(STORAGE_BACKEND="database")
    try:
        iro = factories.staff(organisation, Role.IRO)
        issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
        factories.open_invitation(client, issued)
        client.get("/consultation")
        token = client.csrf_token("/consultation/pictures")
        response = client.post(
            "/consultation/attachments",
            data={
                "csrf_token": token,
                "idempotency_key": uuid.uuid4().hex,
                "kind": "photo",
                "file": (io.BytesIO(media.jpeg()), "a.jpg"),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 303
        assert db.session.execute(select(func.count()).select_from(StoredFile)).scalar() == 2
        attachment = db.session.execute(select(Attachment)).scalar_one()
        assert (
            client.get(f"/consultation/attachments/{attachment.id}/file").mimetype == "image/jpeg"
        )
    finally:
        app.config.update(STORAGE_BACKEND="local")


def test_files_no_row_points_to_are_purged_after_a_grace_period(app, backend):
    store = storage.storage()
    orphan, fresh = storage.new_key(), storage.new_key()
    store.save(orphan, b"left by a crash")
    store.save(fresh, b"being committed right now")
    db.session.commit()
    two_hours_ago = utcnow() - timedelta(hours=2)
    if backend == "local":
        path = store._path(orphan)
        os.utime(path, (two_hours_ago.timestamp(), two_hours_ago.timestamp()))
    else:
        db.session.get(StoredFile, orphan).created_at = two_hours_ago
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert "(1 unreferenced files)" in result.output
    assert store.read(orphan) is None
    assert store.read(fresh) == b"being committed right now"


# ---- S3, against moto's standalone server (not AWS itself) ----


@pytest.fixture(scope="session")
def moto_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(app, moto_server, monkeypatch):
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(name, value)
    bucket = f"portal-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=moto_server, region_name="eu-west-2").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings = {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": bucket,
        "S3_PREFIX": "uploads/",
        "S3_ENDPOINT_URL": moto_server,
        "S3_REGION": "eu-west-2",
    }
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    return bucket


def test_s3_save_read_exists_delete(s3):
    store = storage.storage()
    key = storage.new_key()
    assert store.read(key) is None
    assert not store.exists(key)
    store.save(key, b"picture bytes")
    assert store.read(key) == b"picture bytes"
    assert store.exists(key)
    head = store.client.head_object(Bucket=s3, Key=f"uploads/{key}")
    assert head["ServerSideEncryption"] == "AES256"
    store.delete(key)
    assert store.read(key) is None


def test_s3_lists_keys_older_than_a_moment(s3):
    store = storage.storage()
    key = storage.new_key()
    store.save(key, b"x")
    assert key in store.keys_older_than(utcnow() + timedelta(minutes=1))
    assert key not in store.keys_older_than(utcnow() - timedelta(hours=1))


def test_s3_refuses_keys_that_are_paths(s3):
    for key in ("../other", "a/b", ".hidden", ""):
        with pytest.raises(ValueError, match="bad storage key"):
            storage.storage().save(key, b"x")


def test_uploads_are_kept_in_s3_and_served_back(app, client, organisation, s3):
    iro = factories.staff(organisation, Role.IRO)
    issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
    factories.open_invitation(client, issued)
    client.get("/consultation")
    assert post_upload(client, media.jpeg()).status_code == 303
    attachment = db.session.execute(select(Attachment)).scalar_one()
    assert storage.storage().exists(attachment.storage_key)
    served = client.get(f"/consultation/attachments/{attachment.id}/file")
    assert served.mimetype == "image/jpeg"
    assert served.data == storage.storage().read(attachment.storage_key)
    assert db.session.execute(select(func.count()).select_from(StoredFile)).scalar() == 0
