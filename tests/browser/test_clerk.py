import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("portal", ["desktop", "phone"], indirect=True)
def test_it_shows_a_clerk_the_classes_and_opens_one(portal):
    portal.log_in("clerk")

    page = portal.page
    assert portal.path() == "/clerk/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Классы")
    assert page.locator("main tbody tr").count() >= 11
    portal.follow(page.get_by_role("link", name="11А"))

    assert re.fullmatch(r"/classes/\d+/", portal.path())
    expect(page.get_by_role("heading", level=1)).to_have_text("Класс 11А")


def test_it_shows_a_clerk_who_receives_extracts_on_paper(portal):
    portal.log_in("clerk")

    page = portal.page
    portal.follow(page.get_by_role("link", name=re.compile("^Бумажные выписки")))
    assert portal.path() == "/consent/paper/"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.locator("main h2").count() >= 1
    assert page.locator("main tbody tr").count() >= 1
