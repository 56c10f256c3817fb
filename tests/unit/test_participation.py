"""The participation code suggested from what is known about the child's part in the review."""

import pytest

from portal.models import ParticipationCode as PN
from portal.pack.participation import MEANINGS, Contribution, Known, suggest


def known(age=12, attended=None, contribution=None, briefed=False, portal=False):
    return Known(age, attended, contribution, briefed, portal)


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (known(age=3, attended=True, contribution=Contribution.SPOKE), PN.PN0),
        (known(attended=True, contribution=Contribution.SPOKE), PN.PN1),
        (known(attended=True, contribution=Contribution.ADVOCATE_SPOKE), PN.PN2),
        (known(attended=True, contribution=Contribution.NON_VERBAL), PN.PN3),
        (known(attended=True, contribution=Contribution.NONE), PN.PN4),
        (known(attended=False, briefed=True, portal=True), PN.PN5),
        (known(attended=False, portal=True), PN.PN6),
        (known(attended=False), PN.PN7),
    ],
)
def test_suggested_codes(facts, code):
    assert suggest(facts)[0] is code


def test_no_suggestion_until_the_iro_says_enough():
    assert suggest(known(attended=None))[0] is None
    assert suggest(known(attended=True))[0] is None


def test_every_code_has_the_dfe_meaning():
    assert set(MEANINGS) == set(PN)
    assert MEANINGS[PN.PN6] == (
        "Child does not attend but conveys his or her feelings to the review by a facilitative medium"
    )
