import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _no_sideways_scroll(portal):
    page = portal.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (portal.path(), width)


@pytest.mark.parametrize("portal", ["desktop", "phone"], indirect=True)
def test_it_walks_a_guardian_of_two_through_the_diary_marks_and_homework(portal):
    portal.log_in("guardian")
    page = portal.page
    assert portal.path() == "/cabinet/"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Сегодня")
    children = page.locator("nav.children a.child-link")
    expect(children).to_have_count(3)
    first, second = children.nth(1).inner_text(), children.nth(2).inner_text()

    portal.follow(page.locator("nav.children").get_by_role("link", name=first))
    first_diary = portal.path()
    assert re.fullmatch(r"/cabinet/\d+/", first_diary)
    assert page.locator("section.day").count() >= 5
    _no_sideways_scroll(portal)

    portal.follow(page.locator("nav.children").get_by_role("link", name=second))
    assert re.fullmatch(r"/cabinet/\d+/", portal.path())
    assert portal.path() != first_diary
    expect(page.locator(".child-title")).to_contain_text(second)
    _no_sideways_scroll(portal)

    portal.follow(page.locator(".tabs").get_by_role("link", name="Оценки"))
    subject = page.locator("main .subject-name a").first
    name = subject.inner_text()
    portal.follow(subject)
    assert re.fullmatch(r"/cabinet/\d+/marks/\d+/", portal.path())
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    _no_sideways_scroll(portal)

    portal.follow(page.locator(".tabs").get_by_role("link", name="Домашнее задание"))
    assert re.fullmatch(r"/cabinet/\d+/homework/", portal.path())
    expect(page.locator(".child-title")).to_contain_text(second)
    _no_sideways_scroll(portal)


def test_it_shows_the_second_guardian_their_own_child_only(portal):
    portal.log_in("guardian2")

    page = portal.page
    expect(page.locator("nav.children")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Сегодня")
    portal.follow(page.locator("nav.child-cards a").first)
    assert re.fullmatch(r"/cabinet/\d+/", portal.path())
    portal.follow(page.locator(".tabs").get_by_role("link", name="Оценки"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
