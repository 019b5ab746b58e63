import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_it_shows_a_student_their_class_and_groups(portal):
    portal.log_in("student")

    page = portal.page
    assert portal.path() == "/student/"
    expect(page.locator("main .card")).to_contain_text("Класс")
    expect(page.get_by_role("heading", level=2)).to_have_text("Мои группы")
