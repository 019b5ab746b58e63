import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_it_switches_to_english_and_back(portal):
    portal.open("/login/")

    page = portal.page
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    portal.follow(page.get_by_role("button", name="English"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to eDiary")

    portal.log_in("student")
    expect(page.get_by_role("link", name="Password")).to_be_visible()
    portal.follow(page.get_by_role("button", name="Русский"))

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert re.fullmatch(r"/cabinet/\d+/", portal.path())
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()
