"""A guardian with two children on a 360-pixel phone: opens the diary,
switches child, opens a subject's marks. Headless Chromium from Debian."""

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from school.models import Guardianship
from tests import factories as f
from tests.cabinet.conftest import MONDAY, _lesson_maker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def browser(monkeypatch):
    # The sync API runs an event loop in this thread; the test's own ORM
    # calls are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # Connections opened while the loop ran belong to its context:
        # close them here, or the test database cannot be dropped.
        connections.close_all()


@pytest.fixture
def second_child(guardian, other_student, other_class):
    Guardianship.objects.create(guardian=guardian, student=other_student)
    other_student.first_name = "Вера"
    other_student.save()
    teacher = f.teacher_of(other_class)
    subject = teacher.teaching_assignments.get().subject
    subject.name = "История"
    subject.save()
    lesson = _lesson_maker(teacher, other_class, subject)(
        MONDAY, 3, topic="Древний Рим"
    )
    f.MarkFactory(lesson=lesson, student=other_student, value="4")
    return other_student


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_a_guardian_of_two_opens_the_diary_switches_child_and_opens_marks(
    live_server, browser, guardian, student, week, second_child
):
    page = browser.new_page(viewport=PHONE, locale="ru-RU")
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", guardian.username)
    page.fill("input[name=password]", f.PASSWORD)
    page.click("form [type=submit]:not(.link-button)")
    expect(page.locator("h1")).to_contain_text("Сегодня")

    page.goto(
        live_server.url
        + reverse("cabinet:diary", args=[student.pk])
        + f"?on={MONDAY:%Y-%m-%d}"
    )
    expect(page.get_by_text("Дроби и проценты")).to_be_visible()
    expect(page.locator(".change-substitution").first).to_be_visible()
    _no_sideways_scroll(page)

    page.locator(".children").get_by_role("link", name="Вера").click()
    expect(page.get_by_text("Древний Рим")).to_be_visible()
    expect(page.get_by_text("Дроби и проценты")).to_have_count(0)
    assert f"/cabinet/{second_child.pk}/" in page.url
    _no_sideways_scroll(page)

    page.locator(".tabs").get_by_role("link", name="Оценки").click()
    page.get_by_role("link", name="История").click()
    expect(page.locator("h1")).to_contain_text("История")
    expect(page.locator(".marks-table")).to_contain_text("Ответ на уроке")
    expect(page.locator(".marks-table .mark-4")).to_have_text("4")
    _no_sideways_scroll(page)
