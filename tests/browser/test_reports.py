"""The reports page in a real browser: axe, charts that scale to a phone, and a printout that
keeps the charts and tables but drops the controls."""

from datetime import date

from portal import history_import
from portal.extensions import db
from portal.models import Role
from tests import factories
from tests.browser.conftest import assert_accessible, horizontal_overflow

ROWS = [
    "MOS-1,2012-03-01,2025-04-01,first,2025-05-07,2025-05-06,in_person,PN1,no,2025-05-20,{iro}",
    "MOS-2,2010-06-01,2019-01-01,subsequent,2026-01-02,2025-12-30,hybrid,PN5,,2026-01-05,{iro}",
]


def signed_in_manager(page, live_server, organisation):
    manager = factories.staff(organisation, Role.MANAGER)
    iro = factories.staff(organisation, Role.IRO)
    lines = [",".join(history_import.COLUMNS), *(row.format(iro=iro.email) for row in ROWS)]
    history_import.import_reviews(organisation, "\n".join(lines).encode(), date(2026, 12, 4))
    db.session.commit()
    page.goto(f"{live_server}/staff/sign-in")
    page.fill("#email", manager.email)
    page.fill("#password", factories.PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#code", factories.next_code(manager))
    page.click("main button[type=submit]")


def test_the_reports_page_passes_axe_and_prints_its_charts(desktop, live_server, organisation):
    signed_in_manager(desktop, live_server, organisation)
    desktop.goto(f"{live_server}/staff/reports?from=2025-04-01&to=2026-03-31")
    assert desktop.locator("h1").inner_text() == "Reports"
    charts = desktop.locator("svg[role=img]")
    assert charts.count() >= 6
    assert_accessible(desktop)
    desktop.emulate_media(media="print")
    assert desktop.locator(".report-range").is_hidden()
    assert charts.first.is_visible()
    assert desktop.locator(".report__table").first.is_visible()


def test_the_reports_fit_a_phone(browser, live_server, organisation):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    signed_in_manager(page, live_server, organisation)
    page.goto(f"{live_server}/staff/reports?from=2025-04-01&to=2026-03-31")
    assert horizontal_overflow(page) <= 0
    widths = page.evaluate(
        "[...document.querySelectorAll('svg[role=img]')].map(s => s.getBoundingClientRect().width)"
    )
    assert max(widths) <= 360
    assert_accessible(page)
    context.close()
