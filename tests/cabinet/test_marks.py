from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def marks(week, student):
    """A 5 (weight 1) from the week, plus a 3 of weight 2 and a pass."""
    lesson = week["substituted"]
    heavy = f.WorkKindFactory(
        school=lesson.year.school, name="Контрольная работа", weight=Decimal("2")
    )
    f.MarkFactory(lesson=lesson, student=student, value="3", work_kind=heavy)
    f.MarkFactory(lesson=week["moved"], student=student, value="зач")
    return lesson.subject


def _period(week):
    return week["ordinary"].year.periods.get(number=2)


def test_it_shows_every_subject_with_plain_and_weighted_average(
    client, guardian, student, week, marks
):
    client.force_login(guardian)

    response = client.get(
        reverse("cabinet:marks", args=[student.pk]), {"period": _period(week).pk}
    )

    body = response.content.decode()
    assert marks.name in body
    assert "4,00" in body  # (5 + 3) / 2
    assert "3,67" in body  # (5·1 + 3·2) / 3
    assert "<sub>×2</sub>" in body
    assert "зач" in body


def test_it_shows_a_period_asked_for_and_an_empty_one(client, guardian, student, week):
    client.force_login(guardian)
    first = week["ordinary"].year.periods.get(number=1)

    body = client.get(
        reverse("cabinet:marks", args=[student.pk]), {"period": first.pk}
    ).content.decode()

    assert "1 четверть" in body
    assert "Оценок пока нет" in body


def test_it_lists_a_subjects_marks_with_kind_weight_and_date(
    client, guardian, student, week, marks
):
    client.force_login(guardian)

    response = client.get(
        reverse("cabinet:subject_marks", args=[student.pk, marks.pk]),
        {"period": _period(week).pk},
    )

    body = response.content.decode()
    assert "Контрольная работа" in body
    assert "Ответ на уроке" in body
    assert "9 ноября" in body
    assert "3,67" in body


def test_it_answers_404_for_a_subject_of_another_school(
    client, guardian, student, week
):
    client.force_login(guardian)
    stranger = f.SubjectFactory()

    response = client.get(
        reverse("cabinet:subject_marks", args=[student.pk, stranger.pk])
    )

    assert response.status_code == 404


def test_it_ignores_a_period_that_is_not_the_childs(client, guardian, student, week):
    client.force_login(guardian)
    foreign = f.AcademicYearFactory(school=f.SchoolFactory()).periods.create(
        scheme="quarter",
        number=1,
        name="Чужая четверть",
        starts_on="2026-09-01",
        ends_on="2026-10-20",
    )

    body = client.get(
        reverse("cabinet:marks", args=[student.pk]), {"period": foreign.pk}
    ).content.decode()

    assert "Чужая четверть" not in body
