"""Filling in consultation pages through the test client, the way a young person would."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from portal.consultation.schema import Kind, Page, Question


def sample_answer(question: Question) -> dict[str, Any]:
    """Form fields answering `question` with something typical for its kind."""
    kind = question.kind
    if kind is Kind.FEELINGS:
        return {question.id: "4"}
    if kind in {Kind.SINGLE, Kind.YES_NO}:
        return {question.id: question.options[0].key}
    if kind is Kind.MULTIPLE:
        return {question.id: [option.key for option in question.options[:2]]}
    if kind is Kind.TEXT:
        return {question.id: f"My words about {question.id}"}
    if kind is Kind.PEOPLE:
        return {f"{question.id}.person": ["Gran", "Mr Okoro", ""]}
    if kind is Kind.HOUSE:
        return {f"{question.id}.name": "My castle", question.id: f"Inside {question.id}"}
    raise AssertionError(kind)


def page_fields(client: Any, url: str) -> dict[str, str]:
    """The hidden fields of a consultation page (CSRF token, form version, idempotency key)."""
    soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    form = soup.find("form", id="consultation-form")
    assert form is not None, url
    return {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}


def answer_page(
    client: Any,
    page: Page,
    extra: dict[str, Any] | None = None,
    action: str = "continue",
    prefix: str = "/consultation",
    **kwargs: Any,
) -> Any:
    """Answer every question of a page with a typical answer (`extra` wins); the response."""
    url = f"{prefix}/{page.key}"
    data: dict[str, Any] = page_fields(client, url)
    for question in page.questions:
        data.update(sample_answer(question))
    data.update(extra or {})
    data["action"] = action
    return client.post(url, data=data, **kwargs)


def answer_every_page(
    client: Any, form: Any, extra: dict[str, Any] | None = None, prefix: str = "/consultation"
) -> None:
    """Go through a whole form as a participant would, answering every question."""
    for page in form.pages:
        if page.attachments:
            continue
        ids = {question.id for question in page.questions}
        fields = {k: v for k, v in (extra or {}).items() if k in ids or k.rsplit(".", 1)[0] in ids}
        response = answer_page(client, page, fields, prefix=prefix)
        assert response.status_code == 303, (page.key, response.status_code)


def send_form(client: Any, prefix: str = "/consultation", **fields: str) -> Any:
    """Send from the "before you send" page, with its own key; the response."""
    soup = BeautifulSoup(client.get(f"{prefix}/send").get_data(as_text=True), "html.parser")
    data = {
        "csrf_token": soup.find("input", attrs={"name": "csrf_token"})["value"],
        "idempotency_key": soup.find("input", attrs={"name": "idempotency_key"})["value"],
        **fields,
    }
    return client.post(f"{prefix}/send", data=data)
