"""The plain-words checker: finds professional words and acronyms in what an IRO writes to a
child, and suggests the words a child or family would use ("Language that Cares", the word list
in the domain brief, and any words the organisation adds). It warns; it never blocks.

    >>> [(f.found, f.suggestion) for f in check("Your placement is stable.")]
    [('placement', 'where you live, your home')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Professional term -> what to say to a child or family (the domain brief's table).
WORD_LIST: dict[str, str] = {
    "CLA review": "your meeting, your review meeting",
    "LAC review": "your meeting, your review meeting",
    "statutory review": "your meeting, your review meeting",
    "Independent Reviewing Officer": (
        "your IRO: the person who runs your meeting and checks your plan is happening"
    ),
    "placement": "where you live, your home",
    "contact": "family time, seeing your family",
    "siblings": "brothers and sisters",
    "sibling": "brother or sister",
    "respite": "a short break, a sleepover",
    "care plan": "your plan",
    "pathway plan": "your plan",
    "consultation form": "telling your IRO what you think",
    "looked after child": "a child in care, you",
    "disclosure": "telling someone",
    "absconding": "going missing, not coming home",
    "escalation": "raising a problem",
    "dispute": "raising a problem",
}
# Acronyms a child meets explained on every page, or that are everyday words.
EVERYDAY = frozenset({"I", "OK", "TV", "UK", "IRO", "PE", "GP", "ID", "PS"})
ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
ACRONYM_ADVICE = "say what it means in plain words, or leave it out"


@dataclass(frozen=True)
class Finding:
    found: str  # as written
    suggestion: str
    start: int
    end: int


def parse_extra(text: str) -> dict[str, str]:
    """An organisation's own words, one per line: "term = what to say instead". Lines without
    an "=" and empty sides are ignored."""
    extra = {}
    for line in text.splitlines():
        term, sep, plain = line.partition("=")
        if sep and term.strip() and plain.strip():
            extra[term.strip()] = plain.strip()
    return extra


def check(text: str, extra: dict[str, str] | None = None) -> list[Finding]:
    """Every professional word or unexplained acronym in the text, in the order written. The
    longest term wins where two overlap ("CLA review" rather than "CLA")."""
    words = {**WORD_LIST, **(extra or {})}
    findings: list[Finding] = []
    taken: list[range] = []
    for term in sorted(words, key=len, reverse=True):
        # Whole words only, plurals too ("placements"), never inside another ("contractor").
        pattern = re.compile(rf"(?<!\w){re.escape(term)}s?(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if any(_overlaps(span, other) for other in taken):
                continue
            taken.append(span)
            findings.append(Finding(match.group(), words[term], match.start(), match.end()))
    for match in ACRONYM.finditer(text):
        span = range(match.start(), match.end())
        if match.group().rstrip("s") in EVERYDAY or any(_overlaps(span, o) for o in taken):
            continue
        findings.append(Finding(match.group(), ACRONYM_ADVICE, match.start(), match.end()))
    return sorted(findings, key=lambda finding: finding.start)


def _overlaps(one: range, other: range) -> bool:
    return one.start < other.stop and other.start < one.stop
