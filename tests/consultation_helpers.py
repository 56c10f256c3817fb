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
    **kwargs: Any,
) -> Any:
    url = f"/consultation/{page.key}"
    data: dict[str, Any] = page_fields(client, url)
    for question in page.questions:
        data.update(sample_answer(question))
    data.update(extra or {})
    data["action"] = action
    return client.post(url, data=data, **kwargs)
