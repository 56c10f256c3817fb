"""Fixtures for the web tests: reviews whose participants have sent their views."""

import pytest

from tests import factories, media
from tests.pack_helpers import participant, post_page, review_with_iro, send, upload

PRIVATE_WORDS = "My social worker shouts at me"
PRIVATE_CAPTION = "Secret drawing of my room"
SHARED_WORDS = "I love football and my foster family"
TIGRINYA = "ኣብ ቤት ትምህርቲ ብዙሕ ጽቡቕ እዩ"
ARABIC = "أريد أن أرى أخي كل أسبوع"


@pytest.fixture
def sent_review(app, organisation):
    """A 15-year-old who sent shared and private answers, two pictures and a voice message."""
    review, iro, issued = review_with_iro(organisation)
    child = participant(app, issued.invitation, issued.token)
    post_page(
        child,
        "workers",
        {
            "workers.social_worker_listens": "no",
            "workers.words": PRIVATE_WORDS,
            "workers.words.visibility": "iro_only",
        },
    )
    post_page(
        child, "friends", {"friends.words": SHARED_WORDS, "friends.words.visibility": "meeting"}
    )
    post_page(child, "worries", {"worries.words": TIGRINYA, "worries.words.visibility": "meeting"})
    post_page(child, "next", {"next.words": ARABIC, "next.words.visibility": "meeting"})
    post_page(
        child,
        "meeting_place",
        {
            "meeting.place": "school",
            "meeting.place.visibility": "meeting",
            "meeting.attend": "all",
            "meeting.attend.visibility": "meeting",
        },
    )
    post_page(
        child,
        "meeting_running",
        {
            "meeting.icebreaker": "If you could be a Harry Potter character, who?",
            "meeting.icebreaker.visibility": "meeting",
        },
    )
    upload(child, media.jpeg(800, 600), "My poster", "meeting")
    upload(child, media.jpeg(300, 300), PRIVATE_CAPTION, "iro_only")
    upload(child, media.recording(3, "webm", "libopus"), "Listen to me", "meeting", kind="voice")
    send(child)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    return review, iro, browser, child
