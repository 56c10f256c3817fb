"""DfE participation codes (SSDA903) and the one the portal suggests after a review is held."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from portal.models import ParticipationCode

# The DfE's meanings, word for word as the SSDA903 guidance gives them.
MEANINGS = {
    ParticipationCode.PN0: "Child aged under 4 at the time of the review",
    ParticipationCode.PN1: "Child physically attends and speaks for him or herself",
    ParticipationCode.PN2: "Child physically attends and an advocate speaks on his or her behalf",
    ParticipationCode.PN3: "Child attends and conveys his or her view symbolically (non-verbally)",
    ParticipationCode.PN4: (
        "Child physically attends but does not speak for him or herself, does not convey his or"
        " her view symbolically (non-verbally) and does not ask an advocate to speak for him or her"
    ),
    ParticipationCode.PN5: "Child does not attend physically but briefs an advocate to speak for him or her",
    ParticipationCode.PN6: "Child does not attend but conveys his or her feelings to the review by a facilitative medium",
    ParticipationCode.PN7: "Child does not attend nor are his or her views conveyed to the review",
}


class Contribution(enum.StrEnum):
    """How a child who attended took part."""

    SPOKE = "spoke"
    ADVOCATE_SPOKE = "advocate_spoke"
    NON_VERBAL = "non_verbal"
    NONE = "none"


@dataclass(frozen=True)
class Known:
    """What is known about the child's part in the review."""

    age_at_review: int
    attended: bool | None
    contribution: Contribution | None
    advocate_briefed: bool
    views_sent_through_portal: bool


def suggest(known: Known) -> tuple[ParticipationCode | None, str]:
    """The code that fits what is known, and why; None when the IRO must say more first."""
    if known.age_at_review < 4:
        return ParticipationCode.PN0, "The child was under 4 at the time of the review."
    if known.attended:
        by_contribution = {
            Contribution.SPOKE: (ParticipationCode.PN1, "They attended and spoke for themselves."),
            Contribution.ADVOCATE_SPOKE: (
                ParticipationCode.PN2,
                "They attended and an advocate (or the IRO) spoke for them.",
            ),
            Contribution.NON_VERBAL: (
                ParticipationCode.PN3,
                "They attended and showed their views without words.",
            ),
            Contribution.NONE: (ParticipationCode.PN4, "They attended but did not contribute."),
        }
        if known.contribution is None:
            return None, "Say how they took part in the meeting."
        return by_contribution[known.contribution]
    if known.attended is None:
        return None, "Say whether the child attended."
    if known.advocate_briefed:
        return ParticipationCode.PN5, "They did not attend but briefed an advocate or the IRO."
    if known.views_sent_through_portal:
        return (
            ParticipationCode.PN6,
            "They did not attend but sent their views through the portal (a facilitative medium).",
        )
    return ParticipationCode.PN7, "They did not attend and no views reached the review."


ATTENDED = frozenset(
    {ParticipationCode.PN1, ParticipationCode.PN2, ParticipationCode.PN3, ParticipationCode.PN4}
)
NOT_ATTENDED = frozenset({ParticipationCode.PN5, ParticipationCode.PN6, ParticipationCode.PN7})


def contradiction(code: ParticipationCode, known: Known) -> tuple[str, str] | None:
    """Why this code cannot be right for what is known, as (field, message) with the DfE
    meaning; None when it agrees. PN1 to PN4 mean the child attended, PN5 to PN7 that they did
    not, and PN0 is for, and only for, a child under 4 on the day."""
    meaning = f"{code.value} means: {MEANINGS[code]}."
    under_4 = known.age_at_review < 4
    if code is ParticipationCode.PN0 and not under_4:
        return "participation_code", f"{meaning} The child was {known.age_at_review} on the day."
    if code is not ParticipationCode.PN0 and under_4:
        return "participation_code", (
            f"The child was under 4 on the day, so the code is PN0. {meaning}"
        )
    if code in ATTENDED | NOT_ATTENDED and known.attended is None:
        return "attended", "Say whether the child attended the meeting"
    if code in ATTENDED and known.attended is False:
        return "participation_code", f"{meaning} You recorded that they did not attend."
    if code in NOT_ATTENDED and known.attended:
        return "participation_code", f"{meaning} You recorded that they attended."
    return None
