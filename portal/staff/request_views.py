"""Requests for help and safety alerts: the worklist, one request with its history, and moving
it on. Who sees and who may move which is decided in portal/requests (a 404 otherwise)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from portal import caseload, i18n, phones
from portal.models import RequestStatus
from portal.requests import status, worklists
from portal.staff import blueprint
from portal.staff.access import roles_required, signed_in_user
from portal.staff.forms import RequestStepForm

STEP_TITLES = {
    RequestStatus.ACKNOWLEDGED: "Acknowledged",
    RequestStatus.ALLOCATED: "Allocated",
    RequestStatus.WAITING_LIST: "On the waiting list",
    RequestStatus.CLOSED: "Closed",
}


@blueprint.get("/requests")
@roles_required(*worklists.REQUEST_ROLES)
def requests_worklist() -> str:
    include_closed = request.args.get("closed") == "1"
    items = worklists.worklist(signed_in_user(), include_closed)
    return render_template(
        "staff/requests/index.html",
        items=items,
        include_closed=include_closed,
        label=caseload.request_label,
    )


@blueprint.get("/requests/<int:request_id>")
@roles_required(*worklists.REQUEST_ROLES)
def request_detail(request_id: int) -> str:
    return _detail(request_id, RequestStepForm())


@blueprint.post("/requests/<int:request_id>")
@roles_required(*worklists.REQUEST_ROLES)
def request_step(request_id: int) -> Response | tuple[str, int]:
    user = signed_in_user()
    item = worklists.request_for(user, request_id)
    if not status.may_move(user, item):
        abort(404)
    form = RequestStepForm()
    if form.seen.data and form.seen.data != item.status.value:
        return _detail(request_id, RequestStepForm(), refused=status.StepRefused(item)), 409
    allowed = {step.value for step in status.next_steps(item)}
    if not form.check(frozenset(allowed), item.is_alert):
        return _detail(request_id, form), 400
    step = status.Step(
        to=RequestStatus(form.to.data),
        note=(form.note.data or "").strip(),
        allocated_to=(form.allocated_to.data or "").strip(),
        contact_by=form.contact_by.data,
    )
    try:
        status.move(item, step, user)
    except status.StepRefused as refused:
        return _detail(request_id, RequestStepForm(), refused=refused), 409
    flash(f"The request is now: {STEP_TITLES[step.to].lower()}.", "success")
    return redirect(url_for("staff.request_detail", request_id=request_id), code=303)


def _detail(request_id: int, form: RequestStepForm, refused: object = None) -> str:
    user = signed_in_user()
    item = worklists.request_for(user, request_id)
    steps = [step for step in RequestStatus if step in status.next_steps(item)]
    form.to.choices = [(step.value, STEP_TITLES[step]) for step in steps]
    form.seen.data = item.status.value
    if form.contact_by.data is None and RequestStatus.ALLOCATED in steps:
        form.contact_by.data = status.contact_by_default()
    return render_template(
        "staff/requests/show.html",
        item=item,
        form=form,
        may_move=status.may_move(user, item) and bool(steps),
        refused=refused,
        label=caseload.request_label,
        language_named=i18n.language,
        phone=phones.shown_text,
        last_event=status.last_event,
    )
