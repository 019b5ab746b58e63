"""The timetable, the lessons made from it, and changes to lessons."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from journal import services, signals
from journal.models import Lesson, LessonChange, TimetableEntry
from school.models import Holiday, Period, Role
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(teacher, school_class):
    year = school_class.year
    Period.objects.create(
        year=year,
        scheme="quarter",
        number=1,
        name="1 четверть",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 23),
    )
    return TimetableEntry.objects.create(
        year=year,
        weekday=3,  # Wednesdays
        lesson_number=2,
        subject=teacher.teaching_assignments.get().subject,
        teacher=teacher,
        school_class=school_class,
        room="21",
        valid_from=year.starts_on,
    )


def dates(entry):
    return list(
        Lesson.objects.filter(timetable_entry=entry)
        .order_by("planned_date")
        .values_list("planned_date", flat=True)
    )


def test_it_makes_a_lesson_each_week_until_the_period_ends(entry):
    result = services.lessons_generate(year=entry.year)

    made = dates(entry)
    assert result.created == len(made) == 8
    assert made[0] == date(2026, 9, 2) and made[-1] == date(2026, 10, 21)
    assert all(d.isoweekday() == 3 for d in made)
    lesson = Lesson.objects.first()
    assert (lesson.teacher, lesson.room, lesson.lesson_number) == (
        entry.teacher,
        "21",
        2,
    )


def test_generation_skips_holidays_of_the_grade(entry):
    Holiday.objects.create(
        year=entry.year,
        name="День самоуправления",
        kind="day_off",
        starts_on=date(2026, 9, 16),
        ends_on=date(2026, 9, 16),
    )
    Holiday.objects.create(
        year=entry.year,
        name="Только для первых классов",
        starts_on=date(2026, 9, 23),
        ends_on=date(2026, 9, 23),
        grade_from=1,
        grade_to=1,
    )

    services.lessons_generate(year=entry.year)

    made = dates(entry)
    assert date(2026, 9, 16) not in made
    assert date(2026, 9, 23) in made
    assert len(made) == 7


def test_an_entry_is_used_only_while_it_is_valid(entry):
    entry.valid_until = date(2026, 9, 30)
    entry.save()

    services.lessons_generate(year=entry.year)

    assert dates(entry)[-1] == date(2026, 9, 30)


def test_regeneration_keeps_lessons_with_data(entry, student, teacher):
    services.lessons_generate(year=entry.year)
    lessons = list(Lesson.objects.order_by("date"))
    marked, with_topic, absent, empty = lessons[4], lessons[5], lessons[6], lessons[7]
    services.mark_set(lesson=marked, student=student, value="5", by=teacher)
    services.lesson_describe(
        lesson=with_topic, topic="Дроби", lesson_type="ordinary", by=teacher
    )
    services.marks_save(
        lesson=absent, cells=[services.Cell(student.pk, 1, "н")], by=teacher
    )
    entry.room = "35"
    entry.save()

    result = services.lessons_generate(year=entry.year, from_date=date(2026, 9, 25))

    kept = {marked.pk, with_topic.pk, absent.pk}
    assert kept <= set(Lesson.objects.values_list("pk", flat=True))
    assert not Lesson.objects.filter(pk=empty.pk).exists()
    assert result.kept == 3 and result.removed == 1 and result.created == 1
    assert Lesson.objects.get(planned_date=empty.planned_date).room == "35"
    assert Lesson.objects.get(pk=lessons[0].pk).room == "21"
    assert len(dates(entry)) == 8


def test_regeneration_is_offered_to_the_administrator(client, admin_user, entry):
    client.force_login(admin_user)

    response = client.post(
        "/journal/timetable/regenerate/",
        {"year": entry.year.pk, "from_date": "2026-09-01"},
    )

    assert response.status_code == 200
    assert response.context["result"].created == 8


@pytest.mark.parametrize("persona", ["teacher", "guardian", "clerk"])
def test_regeneration_is_not_for_others(client, request, entry, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        "/journal/timetable/regenerate/",
        {"year": entry.year.pk, "from_date": "2026-09-01"},
    )

    assert response.status_code == 404
    assert not Lesson.objects.exists()


@pytest.fixture
def admin_and_lesson(admin_user, lesson):
    return admin_user, lesson


def test_a_substitution_keeps_the_planned_teacher(admin_and_lesson):
    admin, lesson = admin_and_lesson
    substitute = f.staff_of(lesson.year.school, Role.TEACHER)

    change = services.lesson_substitute(
        lesson=lesson, teacher=substitute, reason="Болезнь учителя", by=admin
    )

    lesson.refresh_from_db()
    assert lesson.teacher == substitute and lesson.planned_teacher != substitute
    assert lesson.is_changed
    assert change.kind == LessonChange.Kind.SUBSTITUTION
    assert change.new_teacher == substitute and change.reason == "Болезнь учителя"


def test_a_move_keeps_the_planned_date_number_and_room(admin_and_lesson):
    admin, lesson = admin_and_lesson

    change = services.lesson_move(
        lesson=lesson,
        reason="Экскурсия",
        by=admin,
        date=date(2026, 11, 10),
        lesson_number=5,
        room="Актовый зал",
    )

    lesson.refresh_from_db()
    assert (lesson.date, lesson.lesson_number, lesson.room) == (
        date(2026, 11, 10),
        5,
        "Актовый зал",
    )
    assert (lesson.planned_date, lesson.planned_lesson_number, lesson.planned_room) == (
        date(2026, 11, 9),
        2,
        "21",
    )
    assert change.new_date == date(2026, 11, 10) and change.new_room == "Актовый зал"


def test_a_cancellation_keeps_the_plan(admin_and_lesson):
    admin, lesson = admin_and_lesson

    services.lesson_cancel(lesson=lesson, reason="Карантин", by=admin)

    lesson.refresh_from_db()
    assert lesson.is_cancelled and lesson.planned_date == lesson.date
    assert lesson.changes.get().kind == LessonChange.Kind.CANCELLATION
    with pytest.raises(ValidationError):
        services.lesson_cancel(lesson=lesson, reason="Ещё раз", by=admin)


def test_a_change_needs_a_reason(admin_and_lesson):
    admin, lesson = admin_and_lesson

    with pytest.raises(ValidationError):
        services.lesson_cancel(lesson=lesson, reason=" ", by=admin)

    assert not LessonChange.objects.exists()


def test_each_change_is_announced_after_commit(
    admin_and_lesson, django_capture_on_commit_callbacks
):
    admin, lesson = admin_and_lesson
    heard = []

    def receiver(sender, change_id, **kwargs):
        heard.append(change_id)

    signals.lesson_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            change = services.lesson_cancel(lesson=lesson, reason="Карантин", by=admin)
    finally:
        signals.lesson_changed.disconnect(receiver)

    assert heard == [change.pk]


def test_the_lesson_page_shows_the_original_plan(client, admin_and_lesson, teacher):
    admin, lesson = admin_and_lesson
    services.lesson_move(
        lesson=lesson, reason="Экскурсия", by=admin, date=date(2026, 11, 11)
    )
    client.force_login(teacher)

    body = client.get(f"/journal/lessons/{lesson.pk}/").content.decode()

    assert "09.11.2026" in body and "11.11.2026" in body and "Экскурсия" in body


def test_the_administrator_records_a_change_through_the_page(client, admin_and_lesson):
    admin, lesson = admin_and_lesson
    client.force_login(admin)

    response = client.post(
        f"/journal/lessons/{lesson.pk}/change/",
        {"kind": "move", "reason": "Ремонт", "room": "12"},
    )

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.room == "12" and lesson.planned_room == "21"


def test_a_teacher_cannot_change_lessons_through_the_page(client, teacher, lesson):
    client.force_login(teacher)

    response = client.post(
        f"/journal/lessons/{lesson.pk}/change/",
        {"kind": "cancellation", "reason": "Не хочу"},
    )

    assert response.status_code == 404
    assert not LessonChange.objects.exists()
