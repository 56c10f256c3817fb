"""Finding 6 of the trust issue: an upload's memory is bounded before it is decoded, only a few
are decoded at once per process, each invitation has an upload allowance, and the limit of 10
attachments holds however many arrive at the same moment."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.attachments import MAX_ATTACHMENTS, slots
from portal.extensions import db
from portal.models import Attachment
from tests import media
from tests.concurrency import at_once
from tests.pack_helpers import participant, post_upload, review_with_iro

ROOT = Path(__file__).resolve().parents[2]
# Run in a fresh process: its peak resident memory (VmHWM) is what the upload cost.
MEASURE = """
import json, sys
from portal import create_app
from portal.attachments import images
from portal.attachments.errors import RefusedUpload
from tests import media
data = media.tiny_huge_png()
app = create_app("test")
with app.test_request_context("/"):
    try:
        images.process(data)
        outcome = "processed"
    except RefusedUpload as refused:
        outcome = refused.message
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"bytes": len(data), "outcome": outcome, "peak_kb": peak}))
"""


def test_a_tiny_png_claiming_millions_of_pixels_is_refused_before_decoding():
    result = subprocess.run(
        [sys.executable, "-c", MEASURE], capture_output=True, text=True, cwd=ROOT, check=True
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["bytes"] < 20_000
    assert measured["outcome"] == "This picture is too big to use. Send a smaller photo."
    # The app itself is about 100 MB; the picture adds next to nothing (it took 781 MB).
    assert measured["peak_kb"] < 200_000, measured


def upload(client, data: bytes | None = None):
    return post_upload(client, data or media.jpeg(64, 64), caption="Me")


@pytest.fixture
def young_person(app, organisation):
    _review, _iro, issued = review_with_iro(organisation)
    return participant(app, issued.invitation, issued.token)


def kept() -> int:
    return db.session.execute(
        select(func.count()).select_from(Attachment).where(Attachment.removed_at.is_(None))
    ).scalar()


def test_the_tiny_huge_png_is_refused_through_the_page(young_person):
    response = upload(young_person, media.tiny_huge_png())
    assert response.status_code == 400
    assert "too big to use" in response.get_data(as_text=True)
    assert kept() == 0


def test_when_every_decode_slot_is_busy_the_upload_is_told_to_wait(young_person, app, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_DECODES_AT_ONCE", 1)
    monkeypatch.setitem(app.config, "MEDIA_DECODE_WAIT_SECONDS", 0.1)
    with app.app_context():
        busy = slots._semaphore()
    busy.acquire()
    try:
        response = upload(young_person)
    finally:
        busy.release()
    assert response.status_code == 429
    assert "Wait a minute, then try again" in response.get_data(as_text=True)
    assert kept() == 0
    assert upload(young_person).status_code == 303  # and once a slot is free, it works


def test_uploads_are_limited_per_invitation(young_person, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_UPLOAD", "3 per minute")
    statuses = [upload(young_person).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert kept() == 3


def test_a_burst_of_uploads_never_passes_the_limit_of_ten(app, organisation, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_UPLOAD", "100 per minute")
    monkeypatch.setitem(app.config, "MEDIA_DECODES_AT_ONCE", 14)
    _review, _iro, issued = review_with_iro(organisation)
    clients = []
    for _ in range(14):
        client = participant(app, issued.invitation, issued.token)
        token = client.csrf_token("/consultation/pictures")
        clients.append((client, token))
    picture = media.jpeg(64, 64)

    def sender(client, token):
        return lambda: post_upload(client, picture, token=token).status_code

    statuses = at_once([sender(client, token) for client, token in clients])
    assert kept() == MAX_ATTACHMENTS
    assert statuses.count(303) == MAX_ATTACHMENTS
    assert sorted(set(statuses)) == [303, 400]
    # No file is left behind for the refused ones: only the kept attachments' files exist.
    stored = [p for p in Path(app.config["STORAGE_PATH"]).rglob("*") if p.is_file()]
    assert len(stored) == 2 * MAX_ATTACHMENTS  # a picture and its thumbnail each
