"""Finding 2 of the trust issue: every PDF keeps its letters, in all 14 languages. A letter, a
pack and a young person's copy are rendered in each language, and every word the HTML shows is
found, through pypdf, in the PDF's text (the glyphs and the text copied out of it agree)."""

from __future__ import annotations

import html
import io
import re
import unicodedata

import pypdf
import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale

from portal import i18n, letters
from portal.consultation import engine
from portal.pack import render
from portal.pack.assemble import PackAudience, assemble
from portal.participate.consultation_views import copy_html
from tests import factories
from tests.pack_helpers import participant, post_page, send

# A sentence in each language, as a young person might write it (the catalogues' own words).
OWN_WORDS = {
    "en": "I like my school and my friends",
    "ar": "أحب مدرستي وأصدقائي",
    "ps": "زه خپل ښوونځی او ملګري خوښوم",
    "fa_AF": "من مکتب و دوستانم را دوست دارم",
    "fa": "من مدرسه و دوستانم را دوست دارم",
    "ckb": "من قوتابخانەکەم و هاوڕێکانم خۆشدەوێت",
    "ti": "ቤት ትምህርተይን ኣዕሩኽተይን እፈቱ",
    "am": "ትምህርት ቤቴን እና ጓደኞቼን እወዳለሁ",
    "vi": "Em thích trường học và các bạn của em, thầy cô phụ trách rất tốt",
    "sq": "Më pëlqen shkolla ime dhe shokët e mi",
    "uk": "Мені подобається моя школа і мої друзі, їжак ґудзик є",
    "pl": "Lubię swoją szkołę i przyjaciół, źdźbło żółć",
    "ro": "Îmi place școala mea și prietenii mei, țară",
    "cy": "Dw i'n hoffi fy ysgol a fy ffrindiau, ŵy ŷd",
}
PUNCTUATION = ".,:;!?()«»“”\"'–-،؛؟"
ZWNJ = "\u200c"  # pypdf drops the zero-width non-joiner of Persian words: invisible anyway


def tokens(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["style", "script", "title", "svg", "audio"]):
        hidden.decompose()
    for decoration in soup.select('[aria-hidden="true"]'):  # print CSS keeps emoji out of PDFs
        decoration.decompose()
    text = unicodedata.normalize("NFC", soup.get_text(" "))
    words = (word.strip(PUNCTUATION).replace(ZWNJ, "") for word in text.split())
    return [word for word in words if len(word) > 1]


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    # Lines wrap anywhere in a PDF (a long link, a hyphen): compare without whitespace.
    return unicodedata.normalize("NFC", "".join(text.split())).replace(ZWNJ, "")


ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]+")


def found(word: str, text: str) -> bool:
    """A word of the HTML in the PDF's text. pypdf reads a run of mixed direction (الـIRO, or
    the Sorani time "4:00 د.ن") in visual order, so such a word may come back with its
    Arabic-script parts reversed or moved: then each part must be there."""
    if word in text:
        return True
    parts = ARABIC_SCRIPT.findall(word)
    if not parts:
        return False
    rest = ARABIC_SCRIPT.sub(" ", word).split()
    return all(part in text or part[::-1] in text for part in parts) and all(
        piece in text for piece in rest
    )


def missing_words(html: str, data: bytes) -> list[str]:
    text = pdf_text(data)
    return sorted({word for word in tokens(html) if not found(word, text)})


LANGUAGES = [language.code for language in i18n.LANGUAGES]


def test_every_language_has_a_sample_sentence():
    assert sorted(OWN_WORDS) == sorted(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_letter_pack_and_copy_keep_every_letter(app, organisation, code):
    iro = factories.staff(organisation, name="Priya Shah")
    child = factories.child(organisation, iro, name="Kai", age=15, language=code)
    review = factories.review(child)
    issued = factories.invitation(review, language=code)

    with app.test_request_context("/"):
        letter_html = letters.render_html(issued, for_pdf=True)
        letter_pdf = letters.render_pdf(issued)
    assert missing_words(letter_html, letter_pdf) == []

    young_person = participant(app, issued.invitation, issued.token)
    post_page(
        young_person,
        "friends",
        {"friends.words": OWN_WORDS[code], "friends.words.visibility": "meeting"},
    )
    send(young_person)
    copy_pdf = young_person.get("/consultation/copy.pdf").data
    with app.test_request_context("/"), force_locale(code):
        copied_html, _pictures = copy_html(engine.find(issued.invitation))
    assert OWN_WORDS[code].split()[1] in html.unescape(copied_html)
    assert missing_words(copied_html, copy_pdf) == []

    with app.test_request_context("/"):
        pack = assemble(review, PackAudience.IRO)
        pack_html = render.pdf_html(pack)
        pack_pdf = render.render_pdf(pack)
    assert missing_words(pack_html, pack_pdf) == []
