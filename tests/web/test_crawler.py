"""A crawler over every route the app has, as every staff role and as a young person: another
organisation's, another caseload's and another participant's ids are a 404; a POST without its
CSRF token is a 400; hostile query strings and form values (markup, 100,000 characters, the
wrong type, nothing at all) are never a 5xx and never come back as markup. The routes are read
from the app's URL map, so a new route is crawled without anyone adding it here."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from werkzeug.routing import Rule

from portal import create_app
from portal.extensions import db
from portal.models import (
    Attachment,
    AttachmentKind,
    Consultation,
    ParticipantRole,
    RequestKind,
    RequestSource,
    Role,
    SupportRequest,
    Visibility,
)
from tests import factories

MARKUP = '<script>alert("crawled")</script>'
HOSTILE = [MARKUP, "x" * 100_000, "not-a-number-or-date", "-1", "9" * 30]
# Routes that end the session (crawling them would sign the crawler out): tested elsewhere.
ENDS_SESSION = {"staff.sign_out", "participate.quick_exit"}
STAFF_ROLES = [Role.IRO, Role.MANAGER, Role.REVIEW_ADMIN, Role.SYSADMIN, Role.ADVOCACY]


def _rules() -> list[Rule]:
    app = create_app("test")
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"),
        key=lambda rule: (rule.rule, sorted(rule.methods or ())),
    )


RULES = _rules()
STAFF_RULES = [r for r in RULES if r.rule.startswith("/staff/")]
PARTICIPANT_RULES = [r for r in RULES if r.endpoint.startswith("participate.")]


def attachment_for(consultation: Consultation) -> Attachment:
    item = Attachment(
        consultation_id=consultation.id,
        kind=AttachmentKind.PHOTO,
        storage_key=uuid.uuid4().hex,
        content_type="image/jpeg",
        size_bytes=1,
        sha256="0" * 64,
        visibility=Visibility.MEETING,
    )
    db.session.add(item)
    db.session.commit()
    return item


def request_for(invitation) -> SupportRequest:
    item = SupportRequest(
        organisation_id=invitation.review.child.organisation_id,
        child_id=invitation.review.child_id,
        review_id=invitation.review_id,
        invitation_id=invitation.id,
        kind=RequestKind.ADVOCATE,
        source=RequestSource.SESSION,
        fingerprint=uuid.uuid4().hex,
        minute=0,
    )
    db.session.add(item)
    db.session.commit()
    return item


def someone_elses(organisation_name: str) -> dict[str, int]:
    """Every kind of object, belonging to an organisation nobody in the crawl works for."""
    other = factories.organisation(name=organisation_name)
    iro = factories.staff(other, Role.IRO)
    child = factories.child(other, iro, name="Zara")
    review = factories.review(child)
    invitation = factories.invitation(review).invitation
    consultation = Consultation(
        invitation=invitation, form_key="young_person_13_plus", form_version=1
    )
    db.session.add(consultation)
    db.session.commit()
    return {
        "staff_id": iro.id,
        "child_id": child.id,
        "review_id": review.id,
        "invitation_id": invitation.id,
        "attachment_id": attachment_for(consultation).id,
        "request_id": request_for(invitation).id,
    }


def url_for_rule(rule: Rule, ids: dict[str, int]) -> str:
    values = {
        "page_key": "home",
        "purpose": "views",
        "key": "participation",
        "code": "ti",
        "token": "not-a-real-token",
        "filename": "css/portal.css",
        **ids,
    }
    path = rule.rule
    for argument in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{argument}>", str(values[argument]), path)
    return path


@pytest.fixture(autouse=True)
def many_sign_ins(app, monkeypatch):
    """The crawl signs in every role in turn; the sign-in limit (tested elsewhere) would stop
    it after a few."""
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN", "1000 per minute")


@pytest.fixture
def world(organisation):
    """Org A's people, a young person of org A with a session, and org B's objects."""
    people = {role: factories.staff(organisation, role) for role in STAFF_ROLES}
    child = factories.child(organisation, people[Role.IRO], name="Kai", age=15)
    factories.review(child)
    return people, someone_elses("Elsewhere Council")


def staff_client(app, person):
    browser = app.test_client()
    factories.sign_in(browser, person)
    return browser


def status_of(browser, method: str, url: str, **kwargs):
    return browser.open(url, method=method, **kwargs)


def with_ids(rule: Rule) -> bool:
    return bool(
        set(rule.arguments)
        & {"staff_id", "child_id", "review_id", "invitation_id", "attachment_id", "request_id"}
    )


def test_another_organisations_objects_are_404_for_every_staff_role(app, world):
    """Every route with an object id, every method, every role: each is signed in once, and
    every answer that is not a 404 is listed together."""
    people, theirs = world
    not_found_as_promised, tried = [], 0
    for role, person in people.items():
        browser = staff_client(app, person)
        token = browser.csrf_token("/staff/password")
        for rule in STAFF_RULES:
            if not with_ids(rule):
                continue
            url = url_for_rule(rule, theirs)
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                data = {"csrf_token": token} if method == "POST" else None
                status = status_of(browser, method, url, data=data).status_code
                tried += 1
                if status != 404:
                    not_found_as_promised.append((role.value, method, rule.endpoint, status))
    assert tried >= 5 * 30  # five roles, each over every route with an id
    assert not_found_as_promised == []


def test_another_caseloads_children_and_reviews_are_404_for_an_iro(app, organisation, world):
    people, _theirs = world
    colleague = factories.staff(organisation, Role.IRO)
    child = factories.child(organisation, colleague, name="Omar")
    review = factories.review(child)
    browser = staff_client(app, people[Role.IRO])
    ids = {"child_id": child.id, "review_id": review.id}
    for rule in STAFF_RULES:
        if not set(rule.arguments) <= set(ids) or not rule.arguments:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            data = (
                {"csrf_token": browser.csrf_token("/staff/password")} if method == "POST" else None
            )
            response = status_of(browser, method, url_for_rule(rule, ids), data=data)
            assert response.status_code == 404, (rule.endpoint, method, response.status_code)


@pytest.fixture
def young_person(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    child = factories.child(organisation, iro, name="Kai", age=15)
    review = factories.review(child)
    issued = factories.invitation(review)
    browser = app.test_client()
    factories.open_invitation(browser, issued)
    browser.get("/consultation")
    # Another participant of the same review: their things are not this young person's.
    parent = factories.invitation(review, ParticipantRole.PARENT).invitation
    consultation = Consultation(invitation=parent, form_key="parent", form_version=1)
    db.session.add(consultation)
    db.session.commit()
    others = {
        "attachment_id": attachment_for(consultation).id,
        "request_id": request_for(parent).id,
    }
    return browser, others


@pytest.mark.parametrize(
    "rule", [r for r in PARTICIPANT_RULES if with_ids(r)], ids=lambda r: r.endpoint
)
def test_another_participants_things_are_404(young_person, rule):
    browser, others = young_person
    for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
        data = {"csrf_token": browser.csrf_token("/language")} if method == "POST" else None
        response = status_of(browser, method, url_for_rule(rule, others), data=data)
        assert response.status_code == 404, (method, response.status_code)


POST_RULES = [r for r in RULES if "POST" in (r.methods or ()) and r.endpoint not in ENDS_SESSION]


def test_a_post_without_its_csrf_token_is_400(app, world, young_person):
    """Every POST route, as the person who could send it (an IRO, an administrator for admin
    pages, the young person for theirs); every answer that is not a 400 is listed together."""
    people, _theirs = world
    browsers = {
        "iro": staff_client(app, people[Role.IRO]),
        "sysadmin": staff_client(app, people[Role.SYSADMIN]),
        "young person": young_person[0],
    }
    refused_as_promised = []
    for rule in POST_RULES:
        if rule.rule.startswith("/staff/"):
            who = "sysadmin" if "/admin/" in rule.rule else "iro"
        else:
            who = "young person"
        response = browsers[who].post(
            url_for_rule(rule, {n: 1 for n in rule.arguments if n.endswith("_id")}),
            data={"field": "value"},
        )
        if response.status_code != 400:
            refused_as_promised.append((who, rule.endpoint, rule.rule, response.status_code))
    assert len(POST_RULES) >= 50  # the map was read
    assert refused_as_promised == []


def reflected(response) -> bool:
    return MARKUP.encode() in response.data  # PDFs and CSVs too: as bytes


def crawlers(app, world, young_person):
    """(name, client, the ids it owns) for every role and the young person."""
    people, _theirs = world
    yield "young person", young_person[0]
    for role, person in people.items():
        yield role.value, staff_client(app, person)


GET_RULES = [r for r in RULES if "GET" in (r.methods or ()) and r.endpoint not in ENDS_SESSION]


def test_hostile_query_strings_are_never_a_5xx_or_reflected(app, world, young_person):
    query = dict.fromkeys(
        ("next", "from", "to", "q", "search", "for", "kind", "more", "then", "pack"), MARKUP
    )
    for name, browser in crawlers(app, world, young_person):
        for rule in GET_RULES:
            url = url_for_rule(rule, {n: 1 for n in rule.arguments if n.endswith("_id")})
            response = browser.get(url, query_string=query)
            assert response.status_code < 500, (name, rule.endpoint, response.status_code)
            assert not reflected(response), (name, rule.endpoint)
            response.close()  # a static file's handle


def forms_posting_to(html: str, url: str) -> list[dict[str, str]]:
    """Each form on a page that posts to `url`: its fields, as a browser would send them."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for form in soup.find_all("form"):
        action = (form.get("action") or url).split("?")[0]
        if (form.get("method") or "get").lower() != "post" or action != url:
            continue
        fields = {}
        for field in form.find_all(["input", "textarea", "select"]):
            name = field.get("name")
            if name:
                fields[name] = field.get("value", "")
        found.append(fields)
    return found


def test_hostile_form_values_are_never_a_5xx_or_reflected(app, world, young_person):
    forms_tried = set()
    for name, browser in crawlers(app, world, young_person):
        for rule in POST_RULES:
            if "GET" not in (rule.methods or ()) or with_ids(rule):
                continue
            url = url_for_rule(rule, {})
            page = browser.get(url)
            if page.status_code != 200:
                continue  # not this role's page: its 404 is checked above
            for fields in forms_posting_to(page.get_data(as_text=True), url):
                forms_tried.add((name, rule.endpoint))
                token = fields.get("csrf_token", "")
                for value in [*HOSTILE, None]:
                    data = (
                        {"csrf_token": token}
                        if value is None
                        else {k: (v if k in {"csrf_token"} else value) for k, v in fields.items()}
                    )
                    response = browser.post(url, data=data)
                    assert response.status_code < 500, (
                        name,
                        rule.endpoint,
                        value[:20] if value else None,
                    )
                    assert not reflected(response), (name, rule.endpoint)
    # The crawl reached the forms: every role's own, and the young person's.
    assert len(forms_tried) >= 25, sorted(forms_tried)


# Ways browsers have been talked into leaving a site: another scheme, a scheme-relative URL, a
# backslash read as a slash, a tab they drop, userinfo, and an encoded slash.
ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "/\t/evil.example/",
    "https:evil.example",
    "http://portal.test@evil.example/",
    "/%2F/evil.example/",
    "javascript:alert(document.domain)//evil.example",
]
NEXT_NAMES = ("next", "return_to", "redirect", "url", "back", "to", "continue")


def where_a_browser_goes(target: str) -> str:
    """The host a browser would go to from a page of ours, reading `target` as the URL standard
    does: tabs and newlines dropped, a backslash taken as a slash, any scheme but ours away."""
    cleaned = re.sub(r"[\t\n\r]", "", target).replace("\\", "/").strip()
    resolved = urlsplit(urljoin("http://portal.test/page", cleaned))
    if resolved.scheme not in {"http", "https"}:
        return resolved.scheme  # javascript:, data: ...
    return resolved.hostname or ""


def leaves_the_site(response) -> bool:
    """A redirect to another host, or a link, form or refresh on the page that goes there."""
    targets = [response.headers.get("Location", "")]
    if response.mimetype == "text/html":
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        targets += [tag.get("href", "") for tag in soup.find_all(href=True)]
        targets += [tag.get("action", "") for tag in soup.find_all("form")]
        targets += [
            tag.get("content", "").partition("url=")[2]
            for tag in soup.find_all("meta", attrs={"http-equiv": True})
        ]
    # Childline's site and tel: links are ours to give; the crawler's targets are not.
    return any(where_a_browser_goes(t) in {"evil.example", "javascript"} for t in targets if t)


# A harmless path of our own: a route that never puts it in a redirect, link or form cannot send
# anyone anywhere with these parameters, so only those that do are tried with ELSEWHERE.
MARKER = "/crawler-marker-0d5f"


def test_no_route_sends_anyone_to_another_site(app, world, young_person):
    routes_that_use_it = set()
    for name, browser in crawlers(app, world, young_person):
        for rule in GET_RULES:
            url = url_for_rule(rule, {n: 1 for n in rule.arguments if n.endswith("_id")})
            probe = browser.get(url, query_string=dict.fromkeys(NEXT_NAMES, MARKER))
            used = MARKER in probe.headers.get("Location", "") or MARKER.encode() in probe.data
            probe.close()
            if not used:
                continue
            routes_that_use_it.add(rule.endpoint)
            for target in ELSEWHERE:
                response = browser.get(url, query_string=dict.fromkeys(NEXT_NAMES, target))
                assert response.status_code < 500, (name, rule.endpoint, target)
                assert not leaves_the_site(response), (name, rule.endpoint, target)
                response.close()  # a static file's handle
    # The pages that carry a `next` on (the language page, "are you safe?") were tried.
    assert {"participate.language_page", "participate.safe"} <= routes_that_use_it


def submissions(html: str, url: str) -> list[dict[str, str]]:
    """Each way a page's forms posting to `url` can be sent: once per named submit button (a
    language, "yes" or "no"), with that button's value, or once if it has none."""
    soup = BeautifulSoup(html, "html.parser")
    sent = []
    for fields, form in zip(forms_posting_to(html, url), _post_forms(soup, url), strict=True):
        buttons = [b for b in form.find_all("button") if b.get("name")]
        sent += [{**fields, b["name"]: b.get("value", "")} for b in buttons] or [fields]
    return sent


def _post_forms(soup, url: str) -> list:
    return [
        form
        for form in soup.find_all("form")
        if (form.get("method") or "get").lower() == "post"
        and (form.get("action") or url).split("?")[0] == url
    ]


def test_no_form_sends_anyone_to_another_site(app, world, young_person):
    forms_tried = set()
    for name, browser in crawlers(app, world, young_person):
        for rule in POST_RULES:
            if with_ids(rule):
                continue
            url = url_for_rule(rule, {})
            page = browser.get(url)  # the page at the same address, whichever view draws it
            if page.status_code != 200:
                continue
            for fields in submissions(page.get_data(as_text=True), url):
                probe = browser.post(url, data={**fields, **dict.fromkeys(NEXT_NAMES, MARKER)})
                if MARKER not in probe.headers.get("Location", "") and (
                    MARKER.encode() not in probe.data
                ):
                    continue  # it goes nowhere these fields say
                forms_tried.add((name, rule.endpoint))
                for target in ELSEWHERE:
                    data = {**fields, **dict.fromkeys(NEXT_NAMES, target)}
                    response = browser.post(url, data=data)
                    assert response.status_code < 500, (name, rule.endpoint, target)
                    assert not leaves_the_site(response), (name, rule.endpoint, target)
    # The forms that do take a `next` (language, "are you safe?") were among those tried.
    assert {
        ("young person", "participate.choose_language"),
        ("young person", "participate.safe"),
    } <= forms_tried
