import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("portal", ["desktop", "phone"], indirect=True)
def test_it_shows_a_guardian_both_children(portal):
    portal.log_in("guardian")

    page = portal.page
    assert portal.path() == "/guardian/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои дети")
    children = page.locator("main section.card")
    expect(children).to_have_count(2)
    for child in children.all():
        expect(child.get_by_role("heading", level=2)).not_to_be_empty()
        expect(child).to_contain_text("Класс")


def test_it_shows_the_second_guardian_their_own_child_only(portal):
    portal.log_in("guardian2")

    expect(portal.page.locator("main section.card")).not_to_have_count(0)
    first = portal.page.locator("main section.card h2").first.inner_text()
    portal.open("/guardian/")
    assert first == portal.page.locator("main section.card h2").first.inner_text()
