import pytest
from django.urls import reverse

from tests.cabinet.conftest import MONDAY

pytestmark = pytest.mark.django_db


def test_it_shows_the_week_with_bells_and_changes(client, guardian, student, week):
    client.force_login(guardian)

    response = client.get(
        reverse("cabinet:timetable", args=[student.pk]), {"on": MONDAY}
    )

    body = response.content.decode()
    assert week["ordinary"].subject.short_name in body
    assert "08:30–09:10" in body
    assert "Учитель на курсах" in body
    assert "Экскурсия класса" in body
    assert "Карантин по гриппу" in body


def test_it_says_when_a_week_has_no_changes(client, guardian, student, week):
    client.force_login(guardian)

    response = client.get(
        reverse("cabinet:timetable", args=[student.pk]), {"on": "2026-12-07"}
    )

    assert "изменений в расписании нет" in response.content.decode()
