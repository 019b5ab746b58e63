"""The demo journal that seed_demo and seed_bench build."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from journal import demo
from journal.models import (
    Attendance,
    Homework,
    Lesson,
    LessonChange,
    Mark,
    Recommendation,
    TimetableEntry,
    WorkKind,
)
from school.demo import DemoContext, build_school
from school.models import Holiday

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 3)


@pytest.fixture
def ctx():
    context = DemoContext(rng=random.Random(7), today=TODAY)
    build_school(context, students=60)
    return context


def test_it_fills_the_year_up_to_today(ctx):
    demo.populate(ctx)

    assert WorkKind.objects.filter(school=ctx.school).count() == 10
    assert TimetableEntry.objects.filter(school_class=ctx.classes[0]).exists()
    assert TimetableEntry.objects.filter(group__isnull=False).exists()
    assert Lesson.objects.filter(date__gt=TODAY).exists()
    assert not Mark.objects.filter(lesson__date__gt=TODAY).exists()
    assert Mark.objects.filter(lesson__date__lte=TODAY).count() > 1000
    assert set(Mark.objects.values_list("value", flat=True)) >= {"2", "3", "4", "5"}
    assert Attendance.objects.exists() and Homework.objects.exists()
    assert Recommendation.objects.filter(school_class__isnull=False).exists()
    assert Lesson.objects.filter(date__gt=TODAY, lesson_type="test").exists()


def test_no_lesson_falls_on_a_holiday(ctx):
    demo.populate(ctx)

    for holiday in Holiday.objects.filter(year=ctx.year, grade_from=1, grade_to=11):
        assert not Lesson.objects.filter(
            planned_date__range=(holiday.starts_on, holiday.ends_on)
        ).exists(), holiday.name


def test_no_class_has_two_lessons_at_once(ctx):
    demo.populate(ctx)

    slots = list(
        TimetableEntry.objects.filter(school_class__isnull=False).values_list(
            "school_class_id", "weekday", "lesson_number"
        )
    )
    assert len(slots) == len(set(slots))


def test_there_are_changes_this_week(ctx):
    demo.populate(ctx)

    monday = TODAY - timedelta(days=TODAY.weekday())
    this_week = LessonChange.objects.filter(
        lesson__planned_date__range=(monday, monday + timedelta(days=4))
    )
    assert {c.kind for c in LessonChange.objects.all()} == {
        "substitution",
        "move",
        "cancellation",
    }
    assert this_week.exists()
    cancelled = Lesson.objects.filter(is_cancelled=True)
    assert not Mark.objects.filter(lesson__in=cancelled).exists()


def test_the_full_year_for_a_benchmark_school(ctx):
    ctx.full_year = True

    demo.populate(ctx)

    assert Mark.objects.filter(lesson__date__gt=date(2027, 5, 1)).exists()


def test_the_work_kinds_command_gives_every_school_the_kinds(ctx, capsys):
    call_command("load_work_kinds")
    call_command("load_work_kinds", school=ctx.school.code)

    assert WorkKind.objects.filter(school=ctx.school).count() == 10
    assert WorkKind.objects.get(school=ctx.school, is_default=True).weight == 1


def test_the_benchmark_prints_its_figures(capsys):
    call_command("bench_journal", students=40, runs=1)

    out = capsys.readouterr().out
    assert "grid page: median" in out and "column save" in out
