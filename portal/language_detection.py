"""Which of the portal's languages a piece of free text is written in, worked out offline.

Young people write in their own language, whatever language the pages are in; the pack labels
each answer with the language it was written in so the IRO can book an interpreter. The text's
script narrows the choice (Ge'ez, Arabic, Cyrillic or Latin letters); letters only one language
uses, and its commonest short words, decide within a script. When that is not enough (a few
words, names only) the language the pages were shown in breaks the tie, if it uses the script.

None of the off-the-shelf offline detectors covers Tigrinya, Pashto and Sorani together, which
is why this small, tested heuristic exists.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

SCRIPTS = {
    "ethiopic": ("ti", "am"),
    "arabic": ("ar", "fa", "fa_AF", "ps", "ckb"),
    "cyrillic": ("uk",),
    "latin": ("en", "pl", "ro", "sq", "vi", "cy"),
}

# Letters that, in this set of languages, point to one language.
MARKER_LETTERS = {
    "ps": set("ټډړښږځڅګڼېۍ"),
    "ckb": set("ەۆێڵڕڤ"),
    "ar": set("ةكيىإأؤ"),
    "fa": set("پچژگکی"),
    "ti": set("ቐቑቒቓቔቕቖቘቚቛቜቝኸኹኺኻኼኽኾዀዂዃዄዅ") | {"ኣ"},
    "am": {"አ", "ኧ"},
    "vi": set("đơưĐƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)},
    "pl": set("ąćęłńśźżĄĆĘŁŃŚŹŻ"),
    "ro": set("șțşţȘȚŞŢî"),
    "sq": set("ëË"),
    "cy": set("ŵŷŴŶ"),
}

# The commonest short words: a handful each is enough to tell the languages apart.
MARKER_WORDS = {
    "en": {
        "the",
        "and",
        "is",
        "my",
        "to",
        "it",
        "of",
        "in",
        "want",
        "not",
        "with",
        "me",
        "i",
        "am",
        "you",
        "at",
        "this",
    },
    "pl": {
        "nie",
        "się",
        "jest",
        "na",
        "że",
        "mnie",
        "jak",
        "mam",
        "chcę",
        "moja",
        "mój",
        "jestem",
        "ale",
        "co",
    },
    "ro": {
        "și",
        "nu",
        "este",
        "în",
        "la",
        "că",
        "mă",
        "eu",
        "cu",
        "să",
        "vreau",
        "sunt",
        "mi",
        "pe",
        "mai",
    },
    "sq": {"dhe", "nuk", "është", "në", "që", "unë", "të", "për", "jam", "dua", "më", "se", "kam"},
    "cy": {
        "yn",
        "mae",
        "dw",
        "ac",
        "ar",
        "fy",
        "ei",
        "yr",
        "ddim",
        "eisiau",
        "gyda",
        "hi",
        "ydw",
        "chi",
        "eich",
        "neu",
        "ond",
        "wedi",
        "dy",
        "sydd",
        "nhw",
        "fod",
        "os",
    },
    "vi": {"và", "không", "tôi", "là", "có", "của", "em", "ở", "muốn", "được", "với", "bạn"},
    "ar": {"في", "من", "على", "أنا", "لا", "هذا", "مع", "أن", "إلى", "عن", "كان"},
    "fa": {"است", "را", "این", "که", "می", "من", "با", "برای", "هم", "نمی", "هست", "دارم"},
    "fa_AF": {"مبایل", "کمپیوتر", "کود", "گپ", "ضرورت", "کلان", "خورد", "استید", "میخواهید"},
    # Not words Persian shares (او, و, نه, من, هم): they would pull Persian text this way.
    "ps": {"دی", "ته", "زه", "چې", "سره", "کې", "یم", "غواړم", "دا", "کوم", "وي"},
    "ckb": {"لە", "بە", "ئەو", "کە", "نییە", "دەمەوێت", "هەیە", "بۆ", "ئێوە", "دەتوانیت"},
    "ti": {"ኣብ", "እዩ", "ከም", "ኣሎ", "ኣይ", "እንታይ", "ብዙሕ", "ሓደ", "ኣነ", "እየ", "ምስ"},
    "am": {"ነው", "እና", "ላይ", "ግን", "አለ", "ምን", "እኔ", "ነኝ", "ወደ", "ጋር", "የለም"},
}
WORD = re.compile(r"\w+", re.UNICODE)


def script_of(character: str) -> str | None:
    code = ord(character)
    if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
        return "ethiopic"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if character.isalpha() and unicodedata.name(character, "").startswith("LATIN"):
        return "latin"
    return None


def dominant_script(text: str) -> str | None:
    scripts = Counter(script for ch in text if (script := script_of(ch)))
    return scripts.most_common(1)[0][0] if scripts else None


def _letter_hits(language: str, text: str) -> int:
    letters = MARKER_LETTERS.get(language, set())
    return sum(1 for ch in text if ch in letters)


def _score(language: str, text: str, words: list[str]) -> float:
    word_hits = sum(1 for word in words if word in MARKER_WORDS.get(language, set()))
    return _letter_hits(language, text) + 2 * word_hits


def detect(text: str, hint: str | None = None) -> str | None:
    """The language code `text` is most likely written in, or None if it cannot tell."""
    script = dominant_script(text)
    if script is None:
        return None
    candidates = SCRIPTS[script]
    words = [word.lower() for word in WORD.findall(text)]
    scores = {language: _score(language, text, words) for language in candidates}
    if script == "arabic":
        # Persian letters also appear in Pashto and Sorani: count them for Persian only
        # when neither of those has letters of its own here.
        if _letter_hits("ps", text) or _letter_hits("ckb", text):
            scores["fa"] = 0
        scores["fa_AF"] += scores["fa"] if hint == "fa_AF" else 0
    best = max(scores.values())
    if best == 0:
        if hint in candidates:
            return hint
        return candidates[0] if len(candidates) == 1 else None
    leaders = [language for language, score in scores.items() if score == best]
    if hint in leaders:
        return hint
    return leaders[0]
