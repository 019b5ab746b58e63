import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import HomeworkDone
from tests import factories as f
from tests.cabinet.conftest import _lesson_maker

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_soon(school, school_class, student, teacher, subject):
    lesson = _lesson_maker(teacher, school_class, subject)(timezone.localdate(), 3)
    return f.HomeworkFactory(
        lesson=lesson, text="Выучить стихотворение", due_date=timezone.localdate()
    )


def test_it_lists_open_homework_by_due_date(client, guardian, student, due_soon):
    client.force_login(guardian)

    body = client.get(reverse("cabinet:homework", args=[student.pk])).content.decode()

    assert "Выучить стихотворение" in body
    assert body.index("Выучить стихотворение") < body.index("Сделано</h2>")


def test_it_ticks_and_unticks_homework(client, guardian, student, due_soon):
    client.force_login(guardian)
    url = reverse("cabinet:homework_done", args=[student.pk, due_soon.pk])

    client.post(url, {"done": "1"})
    ticked = HomeworkDone.objects.filter(homework=due_soon, student=student).exists()
    body = client.get(reverse("cabinet:homework", args=[student.pk])).content.decode()
    client.post(url, {"done": "0"})

    assert ticked
    assert body.index("Сделано</h2>") < body.index("Выучить стихотворение")
    assert not HomeworkDone.objects.exists()


def test_it_lets_the_student_tick_their_own(client, guardian, student, due_soon):
    client.force_login(student)

    client.post(
        reverse("cabinet:homework_done", args=[student.pk, due_soon.pk]), {"done": "1"}
    )

    assert HomeworkDone.objects.filter(student=student).count() == 1


def test_it_answers_404_for_homework_of_another_class(
    client, guardian, student, other_class, week
):
    foreign = f.HomeworkFactory(lesson=f.LessonFactory(school_class=other_class))
    client.force_login(guardian)

    response = client.post(
        reverse("cabinet:homework_done", args=[student.pk, foreign.pk]), {"done": "1"}
    )

    assert response.status_code == 404
    assert not HomeworkDone.objects.exists()


def test_it_keeps_homework_for_one_student_from_others(
    client, guardian, student, school_class, teacher, subject, school
):
    classmate = f.student_in(school_class)
    lesson = _lesson_maker(teacher, school_class, subject)(timezone.localdate(), 4)
    f.HomeworkFactory(lesson=lesson, student=classmate, text="Только для соседа")
    client.force_login(guardian)

    body = client.get(reverse("cabinet:homework", args=[student.pk])).content.decode()

    assert "Только для соседа" not in body


def test_it_goes_back_only_to_this_site(client, guardian, student, due_soon):
    client.force_login(guardian)

    response = client.post(
        reverse("cabinet:homework_done", args=[student.pk, due_soon.pk]),
        {"done": "1", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("cabinet:homework", args=[student.pk])
