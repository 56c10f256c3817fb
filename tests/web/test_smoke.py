from portal.models import Role
from tests import factories


def test_start_page_renders(client):
    soup = client.get_page("/")
    assert soup.h1.get_text(strip=True) == "Get ready for your meeting"


def test_staff_sign_in_reaches_dashboard(staff_client):
    browser, _person = staff_client(Role.IRO)
    soup = browser.get_page("/staff/")
    assert soup.h1.get_text(strip=True) == "My reviews"


def test_invitation_link_opens_welcome(client, organisation):
    iro = factories.staff(organisation, Role.IRO)
    child = factories.child(organisation, iro, name="Yonas")
    issued = factories.invitation(factories.review(child))
    factories.open_invitation(client, issued)
    soup = client.get_page("/welcome")
    assert "Yonas" in soup.h1.get_text()
