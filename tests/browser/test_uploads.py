"""Pictures, drawings and voice messages in a real browser at 360 x 740."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.models import Attachment, AttachmentKind, Role
from tests import factories, media
from tests.browser.conftest import assert_accessible, horizontal_overflow, small_targets


@pytest.fixture
def on_pictures_page(phone, live_server, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    issued = factories.invitation(factories.review(factories.child(organisation, iro, age=15)))
    phone.goto(f"{live_server}/i/{issued.token}")
    phone.fill("#pin", "8264")
    phone.fill("#pin_again", "8264")
    phone.click("main button[type=submit]")
    phone.goto(f"{live_server}/consultation/pictures")
    return phone


def test_uploading_a_photo_with_progress(on_pictures_page, live_server):
    page = on_pictures_page
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0
    assert small_targets(page) == []
    page.set_input_files(
        "#photo-file",
        files=[{"name": "poster.jpg", "mimeType": "image/jpeg", "buffer": media.jpeg(1600, 1200)}],
    )
    page.fill("#photo-caption", "My poster")
    page.click("text=Send this picture")
    picture = page.locator("img.attachment__picture")
    picture.wait_for()
    page.wait_for_function("document.querySelector('img.attachment__picture').naturalWidth > 0")
    assert picture.get_attribute("alt") == "My poster"
    attachment = db.session.execute(select(Attachment)).scalar_one()
    assert attachment.caption == "My poster"
    assert_accessible(page)


def test_drawing_a_picture_on_a_touch_screen(on_pictures_page, live_server):
    page = on_pictures_page
    page.click("text=Draw a picture >> nth=-1")
    assert page.url == f"{live_server}/consultation/draw"
    assert_accessible(page)
    assert small_targets(page) == []

    def stroke(x1, y1, x2, y2):
        # In the middle of the screen, clear of the sticky "Exit this page" bar, and measured
        # afresh: clicking a colour may have scrolled the page.
        page.evaluate("document.querySelector('canvas').scrollIntoView({block: 'center'})")
        canvas = page.locator("canvas").bounding_box()
        page.mouse.move(canvas["x"] + x1, canvas["y"] + y1)
        page.mouse.down()
        for step in range(1, 11):
            page.mouse.move(
                canvas["x"] + x1 + (x2 - x1) * step / 10, canvas["y"] + y1 + (y2 - y1) * step / 10
            )
        page.mouse.up()

    stroke(40, 40, 200, 150)
    page.click("[data-action=clear]")
    page.check("input[name=colour][value='#d4351c']", force=True)
    stroke(30, 100, 250, 100)
    stroke(30, 150, 250, 150)
    page.click("[data-action=undo]")  # the second line goes again
    shown_width = page.locator("canvas").bounding_box()["width"]
    page.click("text=Save my drawing")
    page.wait_for_url(f"{live_server}/consultation/pictures")
    attachment = db.session.execute(select(Attachment)).scalar_one()
    assert attachment.kind is AttachmentKind.DRAWING
    data = page.request.get(f"{live_server}/consultation/attachments/{attachment.id}/file").body()
    image = Image.open(io.BytesIO(data)).convert("RGB")
    scale = image.size[0] / shown_width
    red, green, _blue = image.getpixel((int(140 * scale), int(100 * scale)))
    assert red > 150
    assert green < 120  # the red line is there
    assert image.getpixel((int(140 * scale), int(150 * scale))) == (255, 255, 255)  # undone
    assert image.getpixel((int(40 * scale), int(40 * scale))) == (255, 255, 255)  # cleared


def test_recording_a_voice_message_and_listening_back(on_pictures_page, live_server):
    page = on_pictures_page
    page.click("text=Record a voice message >> nth=-1")
    assert page.url == f"{live_server}/consultation/voice"
    assert_accessible(page)
    page.click("[data-action=record]")
    page.wait_for_timeout(2500)
    assert page.locator("[data-timer]").inner_text() in {"0:02", "0:03"}
    page.click("[data-action=stop]")
    playback = page.locator("[data-playback]")
    playback.wait_for()
    assert playback.get_attribute("src").startswith("blob:")
    assert_accessible(page)
    page.click("text=Send my message")
    page.wait_for_url(f"{live_server}/consultation/pictures")
    attachment = db.session.execute(select(Attachment)).scalar_one()
    assert attachment.kind is AttachmentKind.VOICE
    assert 1.5 < attachment.duration_seconds < 4
    page.locator("audio").first.wait_for()


def test_uploading_without_javascript(browser, live_server, organisation):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    issued = factories.invitation(factories.review(factories.child(organisation, age=15)))
    page.goto(f"{live_server}/i/{issued.token}")
    page.fill("#pin", "8264")
    page.fill("#pin_again", "8264")
    page.click("main button[type=submit]")
    page.goto(f"{live_server}/consultation/pictures")
    page.set_input_files(
        "#photo-file", files=[{"name": "a.jpg", "mimeType": "image/jpeg", "buffer": media.jpeg()}]
    )
    page.click("text=Send this picture")
    assert page.url == f"{live_server}/consultation/pictures"
    assert page.locator("img.attachment__picture").count() == 1
    page.goto(f"{live_server}/consultation/draw")
    assert page.locator(".no-js-only").is_visible()
    context.close()
