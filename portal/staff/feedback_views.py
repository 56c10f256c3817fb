"""Feedback on reviews: the IRO reads their own reviews', a manager the organisation's."""

from __future__ import annotations

from flask import render_template

from portal import feedback
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user


@blueprint.get("/feedback")
@roles_required(*feedback.FEEDBACK_ROLES)
def feedback_list() -> str:
    items = feedback.feedback_visible_to(signed_in_user())
    return render_template("staff/feedback/index.html", items=items)
