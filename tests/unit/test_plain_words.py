"""The plain-words checker on known sentences: professional words and acronyms are found with
the plain word to use instead; plain sentences pass untouched."""

import pytest

from portal import plain_words


def found(text, extra=None):
    return [(f.found, f.suggestion) for f in plain_words.check(text, extra)]


def test_a_letter_full_of_jargon():
    text = (
        "At your CLA review we agreed your placement will continue. Contact with your "
        "siblings will be weekly, and respite is planned. The LA will update the care plan."
    )
    assert found(text) == [
        ("CLA review", "your meeting, your review meeting"),
        ("placement", "where you live, your home"),
        ("Contact", "family time, seeing your family"),
        ("siblings", "brothers and sisters"),
        ("respite", "a short break, a sleepover"),
        ("LA", plain_words.ACRONYM_ADVICE),
        ("care plan", "your plan"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We talked about your home and school. You will see your brothers every week.",
        "Priya, your IRO, will ring you on Friday. It is OK to say no.",
        "Your GP will see you next week.",
        "",
    ],
)
def test_plain_sentences_pass(text):
    assert found(text) == []


def test_words_inside_other_words_are_not_flagged_but_plurals_are():
    assert found("The contractor fixed the heating. Disputed?") == []
    assert found("Two placements") == [("placements", "where you live, your home")]


def test_positions_point_at_the_words():
    text = "Your placement"
    [finding] = plain_words.check(text)
    assert text[finding.start : finding.end] == "placement"


def test_an_organisations_own_words():
    extra = plain_words.parse_extra(
        "Hear Me = the advocacy service\nno equals sign here\n = nothing\nPEP = your school plan"
    )
    assert extra == {"Hear Me": "the advocacy service", "PEP": "your school plan"}
    assert found("Your PEP meeting is on Monday.", extra) == [("PEP", "your school plan")]


def test_the_longest_term_wins_where_terms_overlap():
    assert found("LAC review") == [("LAC review", "your meeting, your review meeting")]
    assert found("a looked after child") == [("looked after child", "a child in care, you")]
