"""The IRO's dashboard and a pack at desktop size: no axe violations; filters update in place."""

from portal.models import ParticipantRole, Role
from tests import factories, media
from tests.browser.conftest import assert_accessible
from tests.pack_helpers import participant, post_page, send, upload


def sign_in(page, live_server, person):
    page.goto(f"{live_server}/staff/sign-in")
    page.fill("#email", person.email)
    page.fill("#password", factories.PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#code", factories.next_code(person))
    page.click("main button[type=submit]")


def test_dashboard_and_packs_pass_axe_and_filter_in_place(app, desktop, live_server, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Kai", age=15)
    review = factories.review(child)
    issued = factories.invitation(review, ParticipantRole.CHILD)
    factories.invitation(review, ParticipantRole.PARENT)
    factories.review(factories.child(organisation, iro, name="Zara"), in_days=9)
    young = participant(app, issued.invitation, issued.token)
    post_page(
        young, "worries", {"worries.words": "ኣብ ቤት ትምህርቲ", "worries.words.visibility": "meeting"}
    )
    post_page(
        young, "workers", {"workers.words": "Private words", "workers.words.visibility": "iro_only"}
    )
    upload(young, media.jpeg(), "My poster", "meeting")
    upload(young, media.recording(2, "webm", "libopus"), "", "meeting", kind="voice")
    send(young)

    sign_in(desktop, live_server, iro)
    assert desktop.url == f"{live_server}/staff/"
    assert_accessible(desktop)
    desktop.fill("#q", "zar")
    desktop.wait_for_function("!document.querySelector('#results').textContent.includes('Kai')")
    assert "Zara" in desktop.locator("#results").inner_text()
    assert desktop.url.endswith(
        "q=zar&show=all"
    )  # the filter is in the address, for back and share
    assert desktop.locator("h1").count() == 1  # only the results were swapped

    for which in ("iro", "meeting"):
        desktop.goto(f"{live_server}/staff/reviews/{review.id}/pack?pack={which}")
        assert_accessible(desktop)
    desktop.goto(f"{live_server}/staff/reviews/{review.id}/pack?pack=iro")
    assert desktop.locator("section.pack__private").get_by_text("Private words").is_visible()
    desktop.wait_for_function("document.querySelector('img.attachment__picture').naturalWidth > 0")
    desktop.goto(f"{live_server}/staff/reviews/{review.id}/outcome")
    assert_accessible(desktop)
