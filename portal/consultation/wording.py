"""What the shared consultation pages say, worded for who is reading them.

A child reads about *my meeting*, in Language that Cares (../shared/DOMAIN.md); a parent or carer
reads about *the meeting*; feedback after the meeting has its own words. Each form names its
wording, and the templates only ever show these phrases, never one of their own.

Phrases with %(iro)s are formatted with the IRO's first name (or "your IRO"); with %(name)s,
the child's name; with %(date)s, a date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.models import Helper


@dataclass(frozen=True)
class Wording:
    # When the IRO's name is not known yet.
    iro_fallback: LazyString
    # Who may see an answer: asked on every question of a form that goes into the pack.
    asks_visibility: bool
    visibility_question: LazyString
    # The page's one choice (%(iro)s may appear), and the way to choose answer by answer.
    page_visibility_question: LazyString
    each_answer: LazyString
    share: LazyString
    private: LazyString
    private_short: LazyString
    # The version switch ("questions for a different age"), where a form has other versions.
    other_versions: LazyString | None
    other_versions_question: LazyString | None
    # Check your answers
    check_can_change: LazyString
    check_until: LazyString
    check_late: LazyString | None
    closed: LazyString
    # Before you send
    send_intro: LazyString
    send_private_title: LazyString | None
    send_private: LazyString | None
    send_private_note: LazyString | None
    send_shared_title: LazyString | None
    send_shared: LazyString | None
    change_visibility: LazyString | None
    helper_question: LazyString | None
    helper_hint: LazyString | None
    helpers: tuple[tuple[Helper, LazyString], ...]
    send_button: LazyString
    # After sending
    sent_title: LazyString
    what_next: tuple[LazyString, ...]
    sent_until: LazyString
    sent_late: LazyString | None
    # The copy they download
    copy_title: LazyString
    copy_for: LazyString
    # Where to go back to when their answers can no longer change
    see_answers: LazyString


MANAGER_READS = _l(
    "A manager can read what is only for %(iro)s, but only if they write down why: for example, when %(iro)s is away, or to keep you safe."
)

CHILD = Wording(
    iro_fallback=_l("your IRO"),
    asks_visibility=True,
    visibility_question=_l("Who can see this answer?"),
    page_visibility_question=_l("Who can see your answers on this page?"),
    each_answer=_l("Choose for each answer"),
    share=_l("OK to share at my meeting"),
    private=_l("Only %(iro)s: please raise it for me, but not in front of everyone"),
    private_short=_l("Only %(iro)s"),
    other_versions=_l("Change to the questions for a different age"),
    other_versions_question=_l("Which questions would you like?"),
    check_can_change=_l("You can change any answer, and who can see it."),
    check_until=_l("You can still change them and send them again until %(date)s."),
    check_late=_l(
        "Your IRO has started getting ready for your meeting. You can still change your answers and send them: your IRO will see that they came later."
    ),
    closed=_l(
        "Your meeting has happened, so your answers cannot be changed now. If something important has changed, tell your IRO or your carer."
    ),
    send_intro=_l("Here is who will see what you send."),
    send_private_title=_l("Only %(iro)s"),
    send_private=_l(
        "%(iro)s will read these answers. They will not be shared at your meeting. %(iro)s can raise them for you without everyone hearing them."
    ),
    send_private_note=MANAGER_READS,
    send_shared_title=_l("Shared at your meeting"),
    send_shared=_l(
        "%(iro)s will read these answers and may share them with the people at your meeting."
    ),
    change_visibility=_l("Change who can see an answer"),
    helper_question=_l("Did someone help you answer?"),
    helper_hint=_l("It is fine to have help. It helps your IRO to know."),
    helpers=(
        (Helper.NOBODY, _l("No, I did it myself")),
        (Helper.CARER, _l("My carer")),
        (Helper.PARENT, _l("My mum, dad or someone in my family")),
        (Helper.SOCIAL_WORKER, _l("My social worker")),
        (Helper.ADVOCATE, _l("An advocate")),
        (Helper.TEACHER, _l("A teacher or someone at school")),
        (Helper.IRO, _l("My IRO")),
        (Helper.SOMEONE_ELSE, _l("Someone else")),
    ),
    send_button=_l("Send to %(iro)s"),
    sent_title=_l("Thank you. Your answers have been sent"),
    what_next=(
        _l("%(iro)s will read what you said before your meeting."),
        _l(
            "Answers you marked as only for %(iro)s stay private. %(iro)s can raise them for you without everyone hearing."
        ),
        MANAGER_READS,
        _l("Answers you said are OK to share may be talked about at your meeting."),
        _l("If you asked to talk to %(iro)s first, or for an advocate, someone will get in touch."),
    ),
    sent_until=_l("You can still change your answers until %(date)s."),
    sent_late=_l(
        "If something changes, you can still send it. Your IRO will see that it came later."
    ),
    copy_title=_l("What I said"),
    copy_for=_l("For my review meeting on %(date)s. Copy made on %(made)s."),
    see_answers=_l("See your answers"),
)

# A child under 8, with an adult helping: short sentences, no "raise it for me".
CHILD_UNDER_8 = replace(
    CHILD,
    visibility_question=_l("Can %(iro)s show this at your meeting?"),
    page_visibility_question=_l("Can %(iro)s show this at your meeting?"),
    each_answer=_l("Choose for each one"),
    share=_l("Yes, at my meeting"),
    private=_l("No, just for %(iro)s"),
    private_short=_l("Just for %(iro)s"),
    check_can_change=_l("You can change anything."),
    send_intro=_l("%(iro)s will look at all of it."),
    send_private_title=_l("Just for %(iro)s"),
    send_private=_l("%(iro)s will keep these just for %(iro)s."),
    send_private_note=None,
    send_shared_title=_l("At my meeting"),
    send_shared=_l("%(iro)s can show these at your meeting."),
    change_visibility=_l("Change who can see"),
    helper_question=_l("Who helped you?"),
    helper_hint=None,
    sent_title=_l("Thank you! %(iro)s will look at it"),
    what_next=(
        _l("%(iro)s will look at it before your meeting."),
        _l("Things that are just for %(iro)s stay with %(iro)s."),
    ),
)

ADULT = Wording(
    iro_fallback=_l("the IRO"),
    asks_visibility=True,
    visibility_question=_l("Who can see this answer?"),
    page_visibility_question=_l("Who can see your answers on this page?"),
    each_answer=_l("Choose for each answer"),
    share=_l("OK to share at the meeting"),
    private=_l("Only for %(iro)s: not to be shared at the meeting"),
    private_short=_l("Only %(iro)s"),
    other_versions=None,
    other_versions_question=None,
    check_can_change=_l("You can change any answer, and who can see it."),
    check_until=_l("You can still change them and send them again until %(date)s."),
    check_late=_l(
        "The IRO has started getting ready for the meeting. You can still change your answers and send them: the IRO will see that they came later."
    ),
    closed=_l(
        "The meeting has happened, so your answers cannot be changed now. If something important has changed, contact %(iro)s."
    ),
    send_intro=_l("Here is who will see what you send."),
    send_private_title=_l("Only %(iro)s"),
    send_private=_l(
        "%(iro)s will read these answers. They will not be shared at the meeting. A manager can read them only if they record why, for example when %(iro)s is away."
    ),
    send_private_note=None,
    send_shared_title=_l("Shared at the meeting"),
    send_shared=_l(
        "%(iro)s will read these answers and may share them with the people at the meeting."
    ),
    change_visibility=_l("Change who can see an answer"),
    helper_question=_l("Did someone help you fill this in?"),
    helper_hint=_l("For example an interpreter, a family member or a social worker."),
    helpers=(
        (Helper.NOBODY, _l("No, I filled it in myself")),
        (Helper.PARENT, _l("A family member")),
        (Helper.SOCIAL_WORKER, _l("A social worker")),
        (Helper.ADVOCATE, _l("An advocate")),
        (Helper.SOMEONE_ELSE, _l("Someone else, for example an interpreter")),
    ),
    send_button=_l("Send to %(iro)s"),
    sent_title=_l("Thank you. Your views have been sent"),
    what_next=(
        _l("%(iro)s will read what you said before the meeting."),
        _l("Answers you marked as only for %(iro)s will not be shared at the meeting."),
        _l("Answers you said are OK to share may be talked about at the meeting."),
    ),
    sent_until=_l("You can still change your answers until %(date)s."),
    sent_late=_l(
        "If something changes, you can still send it. The IRO will see that it came later."
    ),
    copy_title=_l("What I said"),
    copy_for=_l("For %(name)s's review meeting on %(date)s. Copy made on %(made)s."),
    see_answers=_l("See your answers"),
)

# Feedback is read by the IRO and the IRO service's managers, and is never part of the pack:
# there is no "who can see this answer", no lock and no helper question.
_FEEDBACK = {
    "asks_visibility": False,
    "other_versions": None,
    "other_versions_question": None,
    "check_can_change": _l("You can change any answer."),
    "check_until": _l(
        "You can change your feedback until %(date)s. Sending it again replaces what you sent before."
    ),
    "check_late": None,
    "closed": _l("Feedback for this meeting has closed. Thank you."),
    "send_intro": _l(
        "Your feedback goes to %(iro)s and the managers of the IRO service, to make meetings better. It is not part of the meeting's papers."
    ),
    "send_private_title": None,
    "send_private": None,
    "send_private_note": None,
    "send_shared_title": None,
    "send_shared": None,
    "change_visibility": None,
    "helper_question": None,
    "helper_hint": None,
    "helpers": (),
    "send_button": _l("Send my feedback"),
    "sent_title": _l("Thank you for your feedback"),
    "sent_until": _l(
        "You can change it until %(date)s. Sending it again replaces what you sent before."
    ),
    "sent_late": None,
    "see_answers": _l("See your feedback"),
}

CHILD_FEEDBACK = replace(
    CHILD,
    **_FEEDBACK,
    what_next=(
        _l("%(iro)s will read what you said."),
        _l("It helps make meetings better for you and other young people."),
    ),
    copy_title=_l("My feedback"),
    copy_for=_l("About my review meeting on %(date)s. Copy made on %(made)s."),
)

ADULT_FEEDBACK = replace(
    ADULT,
    **_FEEDBACK,
    what_next=(
        _l("%(iro)s and the IRO service's managers will read it."),
        _l("It helps make review meetings better."),
    ),
    copy_title=_l("My feedback"),
    copy_for=_l("About %(name)s's review meeting on %(date)s. Copy made on %(made)s."),
)

# The midpoint check-in goes to the IRO only, like feedback: no "who can see this", no helper.
CHILD_MIDPOINT = replace(
    CHILD_FEEDBACK,
    check_until=_l("You can change your answers until %(date)s."),
    closed=_l("This check-in has closed. Thank you."),
    send_intro=_l(
        "Your answers go to %(iro)s only. They help %(iro)s check your plan is happening."
    ),
    send_button=_l("Send to %(iro)s"),
    sent_title=_l("Thank you for telling %(iro)s how things are"),
    sent_until=_l("You can change your answers until %(date)s."),
    see_answers=_l("See your answers"),
    what_next=(
        _l("%(iro)s will read what you said."),
        _l("If something needs to change, %(iro)s will get in touch."),
    ),
    copy_title=_l("My check-in"),
    copy_for=_l("Halfway to my next review meeting. Copy made on %(made)s."),
)
