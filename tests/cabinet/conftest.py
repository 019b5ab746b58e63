"""A week of a 5th-grade class as the cabinet shows it: the week of
9 November 2026, with a substitution, a move and a cancellation."""

from datetime import date, time, timedelta

import pytest
from django.db.models.signals import post_save
from django.utils import timezone

from journal.models import (
    Attendance,
    HomeworkDone,
    LessonChange,
    LessonType,
    Recommendation,
    TimetableEntry,
)
from school.models import Bell, Guardianship, Holiday, Period, PeriodScheme
from tests import factories as f

MONDAY = date(2026, 11, 9)


@pytest.fixture(autouse=True)
def families_consent(settings, tmp_path):
    """The families of these tests signed a consent to the electronic
    diary when each guardianship was recorded, as most families do; the
    refusal tests record their refusal on top of it."""
    settings.MEDIA_ROOT = tmp_path / "media"

    def consent(sender, instance, created, raw=False, **kwargs):
        if created and not raw and instance.student.enrolments.exists():
            f.consent_of(instance.guardian, instance.student)

    post_save.connect(consent, sender=Guardianship, weak=False)
    yield
    post_save.disconnect(consent, sender=Guardianship)


BELLS = [(1, time(8, 30), time(9, 10)), (2, time(9, 20), time(10, 0))]
BELLS += [(n, time(8 + n, 20), time(9 + n, 0)) for n in range(3, 8)]


@pytest.fixture
def school(school_class):
    school = school_class.school
    Bell.objects.bulk_create(
        Bell(school=school, number=n, starts_at=s, ends_at=e) for n, s, e in BELLS
    )
    return school


@pytest.fixture
def periods(school_class):
    year = school_class.year
    return [
        Period.objects.create(
            year=year,
            scheme=PeriodScheme.QUARTER,
            number=1,
            name="1 четверть",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 10, 23),
        ),
        Period.objects.create(
            year=year,
            scheme=PeriodScheme.QUARTER,
            number=2,
            name="2 четверть",
            starts_on=date(2026, 11, 2),
            ends_on=date(2026, 12, 26),
        ),
    ]


@pytest.fixture
def subject(teacher, school_class):
    return teacher.teaching_assignments.get(school_class=school_class).subject


@pytest.fixture
def substitute(school_class):
    return f.UserFactory(username="substitute", last_name="Заменова")


@pytest.fixture
def week(school, periods, school_class, student, teacher, subject, substitute):
    """The lessons of the week of 9 November for the fixture's student."""
    lesson = _lesson_maker(teacher, school_class, subject)
    ordinary = lesson(MONDAY, 1, topic="Дроби и проценты")
    f.MarkFactory(lesson=ordinary, student=student, value="5")
    f.HomeworkFactory(lesson=ordinary, text="Задача 42", due_date=MONDAY + timedelta(2))
    Attendance.objects.create(
        lesson=lesson(MONDAY + timedelta(1), 2),
        student=student,
        code=Attendance.Code.ILL,
        recorded_by=teacher,
    )

    substituted = lesson(MONDAY, 2, teacher=substitute, planned_teacher=teacher)
    _change(substituted, LessonChange.Kind.SUBSTITUTION, "Учитель на курсах", teacher)

    moved = lesson(
        MONDAY + timedelta(3),
        5,
        planned_date=MONDAY + timedelta(1),
        planned_lesson_number=3,
    )
    _change(moved, LessonChange.Kind.MOVE, "Экскурсия класса", teacher)

    cancelled = lesson(MONDAY + timedelta(2), 3, is_cancelled=True)
    _change(cancelled, LessonChange.Kind.CANCELLATION, "Карантин по гриппу", teacher)

    test = lesson(MONDAY + timedelta(4), 1, lesson_type=LessonType.TEST)
    test.topic = "Контрольная по дробям"
    test.save()
    Holiday.objects.create(
        year=school_class.year,
        name="День народного единства",
        kind=Holiday.Kind.DAY_OFF,
        starts_on=date(2026, 11, 4),
        ends_on=date(2026, 11, 4),
    )
    TimetableEntry.objects.create(
        year=school_class.year,
        weekday=1,
        lesson_number=1,
        subject=subject,
        teacher=teacher,
        school_class=school_class,
        room="21",
        valid_from=school_class.year.starts_on,
    )
    Recommendation.objects.create(
        author=teacher, student=student, subject=subject, text="Повторить дроби"
    )
    return {"ordinary": ordinary, "substituted": substituted, "moved": moved}


def _lesson_maker(teacher, school_class, subject):
    def make(day, number, **kwargs):
        plan = {
            "planned_date": kwargs.pop("planned_date", day),
            "planned_lesson_number": kwargs.pop("planned_lesson_number", number),
            "planned_teacher": kwargs.pop("planned_teacher", None)
            or kwargs.get("teacher", teacher),
        }
        kwargs.setdefault("teacher", teacher)
        return f.LessonFactory(
            school_class=school_class,
            subject=subject,
            date=day,
            lesson_number=number,
            **plan,
            **kwargs,
        )

    return make


def _change(lesson, kind, reason, by):
    return LessonChange.objects.create(
        lesson=lesson,
        kind=kind,
        reason=reason,
        new_teacher=lesson.teacher,
        new_date=lesson.date,
        new_lesson_number=lesson.lesson_number,
        created_by=by,
    )


def grow(*, school_class, student, teacher, subject, weeks):
    """More of everything: `weeks` weeks of daily lessons from September,
    each with a mark, attendance and homework, one of them done."""
    lesson = _lesson_maker(teacher, school_class, subject)
    start = school_class.year.starts_on
    for n in range(weeks * 5):
        day = start + timedelta(days=n + n // 5 * 2)
        for number in (6, 7):
            made = lesson(day, number, topic=f"Тема {n}")
            f.MarkFactory(lesson=made, student=student, value=str(2 + n % 4))
            work = f.HomeworkFactory(lesson=made, due_date=day + timedelta(1))
            if n % 2:
                HomeworkDone.objects.create(homework=work, student=student)
            Attendance.objects.create(
                lesson=made, student=student, code="о", recorded_by=teacher
            )


@pytest.fixture
def today_lessons(school, school_class, student, teacher, subject):
    day = timezone.localdate()
    made = _lesson_maker(teacher, school_class, subject)(day, 2, topic="Сегодняшняя")
    f.MarkFactory(lesson=made, student=student, value="4")
    return made
