import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from journal.models import Attendance
from tests import factories as f
from tests.cabinet.conftest import MONDAY

pytestmark = pytest.mark.django_db


def _diary(client, student, **params):
    return client.get(reverse("cabinet:diary", args=[student.pk]), params)


def _day_section(body, day):
    match = re.search(
        rf'<section[^>]*aria-labelledby="day-{day:%Y%m%d}".*?</section>', body, re.S
    )
    assert match, day
    return match.group(0)


def test_it_shows_a_substitution_as_such(client, guardian, student, week):
    client.force_login(guardian)

    monday = _day_section(_diary(client, student, on=MONDAY).content.decode(), MONDAY)

    assert "change-substitution" in monday
    assert "Замена" in monday
    assert "Учитель на курсах" in monday
    assert "Заменова" in monday


def test_it_shows_a_move_on_both_days(client, guardian, student, week):
    client.force_login(guardian)
    body = _diary(client, student, on=MONDAY).content.decode()

    planned_day = _day_section(body, MONDAY + timedelta(1))
    new_day = _day_section(body, MONDAY + timedelta(3))

    assert "change-move" in planned_day
    assert "Экскурсия класса" in planned_day
    assert "12 ноября, чт" in planned_day
    assert "change-move" in new_day
    assert "10 ноября, вт" in new_day


def test_it_shows_a_cancellation_as_such(client, guardian, student, week):
    client.force_login(guardian)

    wednesday = _day_section(
        _diary(client, student, on=MONDAY).content.decode(), MONDAY + timedelta(2)
    )

    assert "change-cancellation" in wednesday
    assert "Отмена" in wednesday
    assert "Карантин по гриппу" in wednesday


def test_it_shows_marks_attendance_topic_time_and_homework(
    client, guardian, student, week
):
    client.force_login(guardian)
    body = _diary(client, student, on=MONDAY).content.decode()

    monday = _day_section(body, MONDAY)
    tuesday = _day_section(body, MONDAY + timedelta(1))
    wednesday = _day_section(body, MONDAY + timedelta(2))
    assert "08:30–09:10" in monday
    assert "Дроби и проценты" in monday
    assert 'class="mark mark-5"' in monday
    assert "Задача 42" in monday
    assert "болен" in tuesday
    assert "Задача 42" in wednesday


def test_it_steps_to_the_previous_and_next_week(client, guardian, student, week):
    client.force_login(guardian)

    body = _diary(client, student, on=MONDAY + timedelta(3)).content.decode()

    assert f'href="?on={MONDAY - timedelta(7):%Y-%m-%d}"' in body
    assert f'href="?on={MONDAY + timedelta(7):%Y-%m-%d}"' in body
    next_week = _diary(client, student, on=MONDAY + timedelta(7)).content.decode()
    assert "Дроби и проценты" not in next_week


def test_it_shows_the_week_of_a_date_it_jumps_to(client, guardian, student, week):
    client.force_login(guardian)

    body = _diary(client, student, on="2026-11-13").content.decode()

    assert "9–15 ноября 2026" in body


def test_it_tells_a_wrong_date_and_shows_this_week(client, guardian, student, week):
    client.force_login(guardian)

    response = _diary(client, student, on="31.02.2026")

    assert response.status_code == 200
    assert "Это не дата" in response.content.decode()


def test_it_shows_a_holiday(client, guardian, student, week):
    client.force_login(guardian)

    body = _diary(client, student, on="2026-11-04").content.decode()

    assert "День народного единства" in body


def test_it_returns_only_the_cabinet_part_to_htmx(client, guardian, student, week):
    client.force_login(guardian)

    response = client.get(
        reverse("cabinet:diary", args=[student.pk]),
        {"on": MONDAY},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="cabinet",
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="cabinet"')
    assert "<html" not in body
    assert "Дроби и проценты" in body


def test_it_shows_only_the_childs_own_group(client, guardian, student, week):
    from school.models import GroupMembership, StudyGroup
    from tests import factories as f

    school_class = student.enrolments.get().school_class
    mine, other = (
        StudyGroup.objects.create(
            school=school_class.school,
            year=school_class.year,
            name=name,
            subject=week["ordinary"].subject,
        )
        for name in ("1 гр.", "2 гр.")
    )
    GroupMembership.objects.create(
        group=mine, student=student, starts_on=school_class.year.starts_on
    )
    teacher = week["ordinary"].teacher
    for group, topic in ((mine, "Тема моей группы"), (other, "Тема чужой группы")):
        f.LessonFactory(
            school_class=None,
            group=group,
            subject=group.subject,
            teacher=teacher,
            date=MONDAY,
            lesson_number=4,
            topic=topic,
        )
    client.force_login(guardian)

    body = _diary(client, student, on=MONDAY).content.decode()

    assert "Тема моей группы" in body
    assert "Тема чужой группы" not in body


@pytest.fixture
def absence(week, student, teacher):
    """The child missed Monday's first lesson, reason unknown."""
    return Attendance.objects.create(
        lesson=week["ordinary"],
        student=student,
        code=Attendance.Code.ABSENT,
        recorded_by=teacher,
    )


def test_it_offers_the_guardian_to_explain_an_absence(
    client, guardian, student, absence
):
    excuse = reverse("journal:attendance_excuse", args=[absence.pk])

    client.force_login(guardian)
    as_guardian = _diary(client, student, on=MONDAY).content.decode()
    client.force_login(student)
    as_student = _diary(client, student, on=MONDAY).content.decode()

    assert excuse in as_guardian
    assert excuse not in as_student


def test_the_excuse_form_answers_404_once_the_consent_is_withdrawn(
    client, guardian, student, absence
):
    excuse = reverse("journal:attendance_excuse", args=[absence.pk])
    client.force_login(guardian)
    assert client.get(excuse).status_code == 200

    f.consent_of(guardian, student, decision="withdrawal", signed_on=date(2026, 10, 1))

    assert client.get(excuse).status_code == 404
    assert client.post(excuse, {"note": "Врач"}).status_code == 404
    absence.refresh_from_db()
    assert absence.code == Attendance.Code.ABSENT
