import re
from datetime import date, timedelta

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


def _latest_past_lesson(page):
    """The link of the grid's most recent lesson not after today and within
    the demo school's edit window of seven days, so no reason is asked."""
    today = date.today()
    links = page.locator(".journal-grid thead a")
    best = None
    for index in range(links.count()):
        day, month = map(int, links.nth(index).inner_text().split("."))
        year = today.year if month <= today.month + 1 else today.year - 1
        lesson_day = date(year, month, day)
        if lesson_day <= today and today - lesson_day < timedelta(days=7):
            best = links.nth(index)
    assert best is not None, "no lesson in the last seven days (holidays?)"
    return best


def test_it_lets_a_teacher_enter_marks_and_homework_on_a_lesson(portal):
    portal.log_in("teacher")
    page = portal.page

    portal.follow(page.get_by_role("link", name="Открыть журнал").first)
    assert re.fullmatch(r"/journal/class/\d+/subjects/\d+/", portal.path())
    expect(page.locator(".journal-grid")).to_be_visible()
    portal.follow(_latest_past_lesson(page))
    assert re.fullmatch(r"/journal/lessons/\d+/", portal.path())

    cells = page.locator(".journal-grid tbody td:nth-child(2) .cell-input")
    cells.nth(0).click()
    cells.nth(0).fill("")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+a")
    page.keyboard.type("4")
    page.keyboard.press("ArrowUp")
    expect(cells.nth(0)).to_be_focused()
    expect(page.locator(".saved-mark")).not_to_have_count(0)

    assignment = f"Параграф 12, задачи 1–5 ({date.today():%d.%m})"
    page.get_by_label("Задание").fill(assignment)
    page.get_by_label("Срок сдачи").fill(f"{date.today() + timedelta(days=7)}")
    portal.follow(page.get_by_role("button", name="Задать"))

    portal.open(portal.path())
    assert [cells.nth(0).input_value(), cells.nth(1).input_value()] == ["5", "4"]
    expect(page.locator("main")).to_contain_text(assignment)
