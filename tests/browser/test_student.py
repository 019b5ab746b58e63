import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_it_opens_a_students_own_diary(portal):
    portal.log_in("student")

    page = portal.page
    assert re.fullmatch(r"/cabinet/\d+/", portal.path())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".tabs").get_by_role("link", name="Дневник")).to_have_attribute(
        "aria-current", "page"
    )
    assert page.locator("section.day").count() >= 5
    expect(page.locator(".children")).to_have_count(0)
