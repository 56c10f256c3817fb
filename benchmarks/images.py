"""Processing pictures: a 12-megapixel phone JPEG (target: under 1.5 s and 300 MB peak memory),
refusing a decompression bomb (target: under 100 ms) and a tiny PNG of 7700 x 7700 pixels
(which once took 781 MB), and six photos arriving at once (which once peaked at 3.4 GB with the
tiny PNG): at most MEDIA_DECODES_AT_ONCE are decoded together.

Each measurement runs in a fresh Python process, so its peak memory (the kernel's high-water mark
of resident memory, VmHWM, including Pillow's C allocations) belongs to that work alone; it
includes the app itself (about 100 MB with its libraries loaded).
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

RUNS = 5
WORKER = """
import json, sys, time
from portal import create_app
app = create_app("test")
data = open(sys.argv[1], "rb").read()
with app.test_request_context("/"):
    from portal.attachments import images
    from portal.attachments.errors import RefusedUpload
    started = time.perf_counter()
    try:
        result = images.process(data)
        outcome = f"stored {result.picture.width}x{result.picture.height}, {len(result.picture.data)} bytes"
    except RefusedUpload as refused:
        outcome = "refused: " + refused.message
    elapsed = time.perf_counter() - started
# VmHWM (peak resident memory) starts afresh at exec, unlike getrusage's ru_maxrss on Linux,
# which a child inherits from the parent that forked it.
status = open("/proc/self/status").read()
peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024, "outcome": outcome}))
"""


AT_ONCE_WORKER = """
import json, sys, threading, time
from portal import create_app
from portal.attachments import images, slots
from portal.attachments.errors import RefusedUpload
app = create_app("test")
data = open(sys.argv[1], "rb").read()
outcomes = []

def upload():
    with app.test_request_context("/"):
        try:
            with slots.decode_slot():
                images.process(data)
            outcomes.append("stored")
        except RefusedUpload as refused:
            outcomes.append("refused")

threads = [threading.Thread(target=upload) for _ in range(6)]
started = time.perf_counter()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.perf_counter() - started
status = open("/proc/self/status").read()
peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024,
                  "outcome": f"{outcomes.count('stored')} stored, {outcomes.count('refused')} refused"}))
"""


def phone_photo() -> bytes:
    """A 4000 x 3000 JPEG with a phone photo's detail (shapes, gradients, sensor noise)."""
    rng = random.Random(12)
    image = Image.new("RGB", (4000, 3000))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(4000), rng.randrange(3000)
        radius = rng.randrange(20, 400)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    noise = Image.effect_noise((4000, 3000), 24).convert("RGB")
    image = Image.blend(image, noise, 0.15)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=90)
    return output.getvalue()


def tiny_huge_png() -> bytes:
    from tests.media import tiny_huge_png as make

    return make()


def bomb() -> bytes:
    from tests.media import png_claiming_size

    return png_claiming_size(100_000, 100_000)


def measure(data: bytes, worker: str = WORKER) -> list[dict[str, object]]:
    with tempfile.NamedTemporaryFile(suffix=".bin") as file:
        file.write(data)
        file.flush()
        results = []
        for _ in range(RUNS):
            run = subprocess.run(
                [sys.executable, "-c", worker, file.name],
                capture_output=True,
                text=True,
                check=True,
                cwd=Path(__file__).resolve().parents[1],
            )
            results.append(json.loads(run.stdout.strip().splitlines()[-1]))
        return results


def summary(name: str, results: list[dict[str, object]]) -> str:
    seconds = sorted(float(r["seconds"]) for r in results)  # type: ignore[arg-type]
    peak = max(float(r["peak_mb"]) for r in results)  # type: ignore[arg-type]
    return (
        f"{name}: median {seconds[len(seconds) // 2] * 1000:.0f} ms, worst {seconds[-1] * 1000:.0f} ms,"
        f" peak memory {peak:.0f} MB (whole process) over {len(results)} runs; {results[0]['outcome']}"
    )


def as_heic(jpeg: bytes) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    output = io.BytesIO()
    Image.open(io.BytesIO(jpeg)).save(output, format="HEIF", quality=80)
    return output.getvalue()


def run() -> list[str]:
    photo = phone_photo()
    heic = as_heic(photo)
    return [
        f"12 MP phone JPEG: {len(photo) / 1e6:.1f} MB",
        summary("  processing", measure(photo)),
        f"12 MP iPhone-style HEIC: {len(heic) / 1e6:.1f} MB",
        summary("  processing", measure(heic)),
        summary("Decompression bomb (100,000 x 100,000 PNG header)", measure(bomb())),
        summary("Tiny PNG of 7700 x 7700 pixels", measure(tiny_huge_png())),
        summary("Six 12 MP JPEGs at once (2 decode slots)", measure(photo, AT_ONCE_WORKER)),
        summary("Six tiny 7700 x 7700 PNGs at once", measure(tiny_huge_png(), AT_ONCE_WORKER)),
    ]
