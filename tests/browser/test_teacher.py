import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("portal", ["desktop", "phone"], indirect=True)
def test_it_shows_a_teacher_their_classes_and_opens_one(portal):
    portal.log_in("teacher")

    page = portal.page
    assert portal.path() == "/teacher/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои классы и группы")
    first_class = page.locator("main table a").first
    name = first_class.inner_text()
    portal.follow(first_class)

    assert re.fullmatch(r"/classes/\d+/", portal.path())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Класс {name}")
    assert page.locator("main ol li").count() >= 10
