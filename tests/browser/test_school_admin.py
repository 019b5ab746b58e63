import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_it_shows_an_administrator_the_school_and_its_records(portal):
    portal.log_in("admin")

    page = portal.page
    assert portal.path() == "/school-admin/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Школа в этом учебном году"
    )
    assert page.locator("main tbody tr").count() >= 11
    portal.follow(page.get_by_role("link", name=re.compile("^Учётные данные")))

    assert portal.path() == "/admin/"
    portal.follow(page.locator("#content-main").get_by_role("link", name="Классы"))
    assert portal.path() == "/admin/school/schoolclass/"
    assert page.locator("#result_list tbody tr").count() >= 11
