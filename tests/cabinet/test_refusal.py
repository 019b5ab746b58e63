"""With a refusal, a withdrawal or no decision on record, the cabinet
shows nothing of the child and tells how paper extracts come. The consent
register decides, through the cabinet's one seam
`cabinet.access.electronic_access`."""

from datetime import date

import pytest
from django.urls import reverse

from cabinet.models import CalendarFeed
from consent.models import ConsentRecord
from school.models import Guardianship
from tests import factories as f
from tests.cabinet.conftest import MONDAY

pytestmark = pytest.mark.django_db


class Refusals:
    """Record a refusal of every guardian of a child, signed after the
    consent the fixtures give."""

    def add(self, student_id):
        for link in Guardianship.objects.filter(student_id=student_id):
            f.consent_of(
                link.guardian,
                link.student,
                decision="refusal",
                signed_on=date(2026, 9, 15),
            )


@pytest.fixture
def refused_for():
    return Refusals()


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


def test_no_decision_on_record_means_paper(client, guardian, student, week):
    ConsentRecord.objects.filter(guardian=guardian, student=student).delete()
    client.force_login(guardian)

    body = client.get(reverse("cabinet:diary", args=[student.pk])).content.decode()

    assert "на бумаге" in body
    assert "Дроби и проценты" not in body


def test_a_withdrawal_hides_the_child_again(client, guardian, student, week):
    f.consent_of(guardian, student, decision="withdrawal", signed_on=date(2026, 10, 1))
    client.force_login(guardian)

    body = client.get(reverse("cabinet:diary", args=[student.pk])).content.decode()

    assert "на бумаге" in body


def test_a_student_sees_their_own_cabinet_while_a_guardian_consents(
    client, guardian, student, week, refused_for
):
    client.force_login(student)
    url = reverse("cabinet:diary", args=[student.pk])
    assert "на бумаге" not in client.get(url, {"on": MONDAY}).content.decode()

    refused_for.add(student.pk)

    assert "на бумаге" in client.get(url, {"on": MONDAY}).content.decode()


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
