"""With a refusal (or no decision) on record, the cabinet shows nothing
of the child and tells how paper extracts come. The rule is switched
off at its one seam, `cabinet.access.electronic_access_allowed`."""

import pytest
from django.urls import reverse

from cabinet import access
from cabinet.models import CalendarFeed
from school.models import Guardianship
from tests.cabinet.conftest import MONDAY

pytestmark = pytest.mark.django_db


class Refusals(set):
    """Children whose guardians refused; the rule's calls, to look at."""

    calls: list


@pytest.fixture
def refused_for(monkeypatch):
    refused = Refusals()
    calls = []

    def rule(*, guardian, student, on=None):
        calls.append((guardian, student, on))
        return student.pk not in refused

    monkeypatch.setattr(access, "electronic_access_allowed", rule)
    refused.calls = calls
    return refused


def test_it_shows_no_data_and_tells_about_paper(
    client, guardian, student, week, refused_for
):
    refused_for.add(student.pk)
    client.force_login(guardian)

    response = client.get(reverse("cabinet:diary", args=[student.pk]), {"on": MONDAY})

    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "на бумаге" in body
    assert "канцелярии" in body
    assert "Дроби и проценты" not in body
    assert "Учитель на курсах" not in body


@pytest.mark.parametrize("name", ["marks", "homework", "recommendations", "teachers"])
def test_it_hides_every_page_of_the_child(
    client, guardian, student, week, refused_for, name
):
    refused_for.add(student.pk)
    client.force_login(guardian)

    body = client.get(reverse(f"cabinet:{name}", args=[student.pk])).content.decode()

    assert "на бумаге" in body
    assert "Повторить дроби" not in body
    assert "Задача 42" not in body


def test_it_asks_the_rule_with_the_guardian_and_the_child(
    client, guardian, student, week, refused_for
):
    client.force_login(guardian)

    client.get(reverse("cabinet:diary", args=[student.pk]))

    assert [(g.pk, s.pk) for g, s, _ in refused_for.calls] == [
        (guardian.pk, student.pk)
    ]
    assert refused_for.calls[0][2] is not None


def test_it_refuses_to_tick_homework(client, guardian, student, week, refused_for):
    refused_for.add(student.pk)
    client.force_login(guardian)
    work = week["ordinary"].homework.get()

    response = client.post(
        reverse("cabinet:homework_done", args=[student.pk, work.pk]), {"done": "1"}
    )

    assert response.status_code == 404
    assert not work.done.exists()


def test_it_stops_the_calendar_feed(client, guardian, student, week, refused_for):
    feed = CalendarFeed.objects.create(owner=guardian, student=student)
    refused_for.add(student.pk)

    response = client.get(reverse("cabinet:ics", args=[feed.token]))

    assert response.status_code == 404


def test_it_leaves_the_child_out_of_today_but_keeps_the_sibling(
    client, guardian, student, other_student, today_lessons, refused_for
):
    Guardianship.objects.create(guardian=guardian, student=other_student)
    refused_for.add(student.pk)
    client.force_login(guardian)

    body = client.get(reverse("cabinet:home")).content.decode()

    assert "Сегодняшняя" not in body
    assert "на бумаге" in body
    assert other_student.last_name in body
