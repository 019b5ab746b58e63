"""A teacher enters a column of marks with the keyboard in headless
Chromium, and finds them saved after a reload."""

import os
from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from journal.models import Mark
from school.models import Period
from tests import factories as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's
    # own ORM calls stay synchronous and safe.
    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page(locale="ru-RU")
        yield page
        browser.close()


@pytest.fixture
def journal_of_a_class():
    school_class = f.SchoolClassFactory(grade=5, letter="А")
    teacher = f.teacher_of(school_class, username="browser-teacher")
    students = [
        f.student_in(school_class, last_name=name)
        for name in ("Аксёнова", "Борисов", "Волков")
    ]
    period = Period.objects.create(
        year=school_class.year,
        scheme="quarter",
        number=2,
        name="2 четверть",
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 12, 26),
    )
    lesson = f.lesson_for(teacher, school_class, date=date(2026, 11, 9))
    return teacher, students, lesson, period


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_it_enters_a_column_with_the_keyboard(
    live_server, browser_page, journal_of_a_class
):
    from playwright.sync_api import expect

    teacher, students, lesson, period = journal_of_a_class
    page = browser_page
    login(page, live_server, teacher)
    url = (
        f"{live_server.url}/journal/class/{lesson.school_class_id}"
        f"/subjects/{lesson.subject_id}/?period={period.pk}"
    )
    page.goto(url)
    cells = page.locator(".journal-grid tbody .cell-input")

    cells.nth(0).click()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    page.keyboard.type("н")
    page.keyboard.press("Enter")

    page.locator(".cell-invalid .cell-message").wait_for()
    expect(page.locator(".saved-mark")).to_have_count(2)
    assert "не отметка" in page.locator(".cell-invalid .cell-message").inner_text()

    page.locator(".cell-invalid .cell-input").fill("4")
    page.keyboard.press("ArrowUp")
    expect(page.locator(".saved-mark")).to_have_count(3)

    page.reload()
    values = [cells.nth(i).input_value() for i in range(3)]
    assert values == ["5", "4", "н"]
    assert dict(Mark.objects.values_list("student__last_name", "value")) == {
        "Аксёнова": "5",
        "Борисов": "4",
    }
