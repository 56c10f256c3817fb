"""Roles on every staff route, an IRO's caseload, and organisations kept apart: outside your
scope an object does not exist (404)."""

import pytest

from portal.models import Role
from tests import factories


@pytest.fixture
def other_iros_review(organisation):
    other_iro = factories.staff(organisation, Role.IRO, name="Other IRO")
    child = factories.child(organisation, other_iro, name="Not Yours")
    review = factories.review(child)
    issued = factories.invitation(review)
    return child, review, issued.invitation


@pytest.fixture
def other_councils_review():
    council = factories.organisation("Another Council")
    iro = factories.staff(council, Role.IRO)
    child = factories.child(council, iro, name="Elsewhere")
    review = factories.review(child)
    issued = factories.invitation(review)
    return child, review, issued.invitation


def object_urls(child, review, invitation):
    return [
        f"/staff/children/{child.id}",
        f"/staff/reviews/{review.id}",
        f"/staff/children/{child.id}/reviews/new",
        f"/staff/reviews/{review.id}/invitations/new",
        f"/staff/invitations/{invitation.id}/reissue",
        f"/staff/invitations/{invitation.id}/revoke",
    ]


def test_an_iro_sees_their_own_caseload_only(staff_client, organisation, other_iros_review):
    browser, iro = staff_client(Role.IRO)
    mine = factories.review(factories.child(organisation, iro, name="Mine"))
    child, review, _ = other_iros_review

    soup = browser.get_page("/staff/")
    text = soup.get_text()
    assert "Mine" in text
    assert "Not Yours" not in text
    browser.get_page(f"/staff/reviews/{mine.id}")
    browser.get_page(f"/staff/reviews/{review.id}", status=404)
    browser.get_page(f"/staff/children/{child.id}", status=404)
    assert "Not Yours" not in browser.get_page("/staff/children").get_text()


def test_nobody_sees_another_organisations_children(staff_client, other_councils_review):
    child, review, invitation = other_councils_review
    for role in (Role.REVIEW_ADMIN, Role.MANAGER, Role.IRO):
        browser, _ = staff_client(role)
        for url in object_urls(child, review, invitation):
            assert browser.get(url).status_code == 404, (role, url)
        assert "Elsewhere" not in browser.get_page("/staff/").get_text()
        assert "Elsewhere" not in browser.get_page("/staff/children").get_text()


def test_letters_of_another_organisation_are_not_found(staff_client, other_councils_review):
    _, _, invitation = other_councils_review
    browser, _ = staff_client(Role.REVIEW_ADMIN)
    token = browser.csrf_token("/staff/")
    response = browser.post(
        f"/staff/invitations/{invitation.id}/letter", data={"csrf_token": token}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        (Role.IRO, "/staff/children/new", 404),
        (Role.MANAGER, "/staff/children/new", 404),
        (Role.REVIEW_ADMIN, "/staff/children/new", 200),
        (Role.SYSADMIN, "/staff/children", 404),
        (Role.ADVOCACY, "/staff/children", 404),
        (Role.IRO, "/staff/admin/staff", 404),
        (Role.REVIEW_ADMIN, "/staff/admin/organisation", 404),
        (Role.SYSADMIN, "/staff/admin/staff", 200),
        (Role.ADVOCACY, "/staff/requests", 200),
        (Role.REVIEW_ADMIN, "/staff/requests", 404),
        (Role.SYSADMIN, "/staff/requests", 404),
    ],
)
def test_roles_are_enforced(staff_client, role, url, status):
    browser, _ = staff_client(role)
    browser.get_page(url, status=status)


def test_the_advocacy_service_starts_at_its_worklist(staff_client):
    browser, _ = staff_client(Role.ADVOCACY)
    assert browser.get("/staff/").headers["Location"] == "/staff/requests"


def test_case_pages_of_the_organisation_refuse_roles_without_case_access(
    staff_client, other_iros_review
):
    child, review, invitation = other_iros_review
    for role in (Role.SYSADMIN, Role.ADVOCACY):
        browser, _ = staff_client(role)
        for url in object_urls(child, review, invitation):
            assert browser.get(url).status_code == 404, (role, url)


def test_staff_pages_need_sign_in(client, other_iros_review):
    child, review, invitation = other_iros_review
    for url in ["/staff/", "/staff/children", *object_urls(child, review, invitation)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/staff/sign-in"), url


def test_sysadmins_manage_only_their_own_organisations_staff(staff_client):
    council = factories.organisation("Elsewhere Council")
    outsider = factories.staff(council, Role.IRO)
    browser, _ = staff_client(Role.SYSADMIN)
    token = browser.csrf_token("/staff/admin/staff")
    for action in ("active", "reset-security-code"):
        response = browser.post(
            f"/staff/admin/staff/{outsider.id}/{action}", data={"csrf_token": token}
        )
        assert response.status_code == 404
