import pytest
from django.urls import reverse

from school.models import Guardianship
from tests import factories as f
from tests.cabinet.conftest import _lesson_maker

pytestmark = pytest.mark.django_db


def test_it_merges_today_of_all_children_labelled(
    client, guardian, student, other_student, other_class, today_lessons
):
    Guardianship.objects.create(guardian=guardian, student=other_student)
    other_student.first_name = "Вторая"
    other_student.save()
    teacher = f.teacher_of(other_class)
    _lesson_maker(teacher, other_class, teacher.teaching_assignments.get().subject)(
        today_lessons.date, 3, topic="Урок второй"
    )
    client.force_login(guardian)

    body = client.get(reverse("cabinet:home")).content.decode()

    assert "Сегодняшняя" in body
    assert "Урок второй" in body
    assert 'class="child-tag">Вторая<' in body
    assert 'class="child-tag">Имя<' in body
    assert reverse("cabinet:diary", args=[other_student.pk]) in body


def test_it_takes_a_student_straight_to_their_diary(client, student):
    client.force_login(student)

    response = client.get(reverse("cabinet:home"))

    assert response["Location"] == reverse("cabinet:diary", args=[student.pk])


def test_it_tells_a_guardian_without_children(client, db):
    person = f.UserFactory()
    client.force_login(person)

    body = client.get(reverse("cabinet:home")).content.decode()

    assert "пока не привязаны" in body


def test_it_switches_child_keeping_the_page(
    client, guardian, student, other_student, week
):
    Guardianship.objects.create(guardian=guardian, student=other_student)
    client.force_login(guardian)

    body = client.get(reverse("cabinet:marks", args=[student.pk])).content.decode()

    assert reverse("cabinet:marks", args=[other_student.pk]) in body


def test_it_links_the_guardian_to_their_consents_and_contacts(
    client, guardian, student, today_lessons
):
    client.force_login(guardian)

    body = client.get(reverse("cabinet:home")).content.decode()

    assert reverse("consent:my_consents") in body
