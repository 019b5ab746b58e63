from datetime import date

import pytest
from django.core.exceptions import ValidationError

from school.models import (
    Enrolment,
    Guardianship,
    Holiday,
    Period,
    SchoolClass,
    TeachingAssignment,
)
from school.services import student_transfer
from tests import factories as f

pytestmark = pytest.mark.django_db


def messages(error):
    return " ".join(error.value.messages)


@pytest.fixture
def year(db):
    return f.AcademicYearFactory()


def test_it_refuses_overlapping_periods(year):
    Period.objects.create(
        year=year,
        scheme="quarter",
        number=1,
        name="1 четверть",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 23),
    )
    second = Period(
        year=year,
        scheme="quarter",
        number=2,
        name="2 четверть",
        starts_on=date(2026, 10, 20),
        ends_on=date(2026, 12, 26),
    )

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "пересекается" in messages(error)


def test_it_refuses_a_gap_between_periods_that_is_not_a_holiday(year):
    Period.objects.create(
        year=year,
        scheme="quarter",
        number=1,
        name="1 четверть",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 23),
    )
    second = Period(
        year=year,
        scheme="quarter",
        number=2,
        name="2 четверть",
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 12, 26),
    )

    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "2026-10-24" in messages(error)

    Holiday.objects.create(
        year=year,
        name="Осенние каникулы",
        starts_on=date(2026, 10, 24),
        ends_on=date(2026, 11, 1),
    )
    second.full_clean()


def test_it_refuses_a_period_outside_its_year(year):
    period = Period(
        year=year,
        scheme="half",
        number=1,
        name="1 полугодие",
        starts_on=date(2026, 8, 1),
        ends_on=date(2026, 12, 26),
    )

    with pytest.raises(ValidationError) as error:
        period.full_clean()

    assert "внутри учебного года" in messages(error)


def test_it_refuses_an_enrolment_in_two_classes_at_once(
    school_class, other_class, student
):
    second = Enrolment(
        student=student, school_class=other_class, starts_on=date(2026, 10, 1)
    )

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "уже зачислен" in messages(error)


def test_a_transfer_keeps_the_history(school_class, other_class, student):
    student_transfer(student=student, to_class=other_class, on=date(2026, 11, 2))

    history = list(student.enrolments.order_by("starts_on"))
    assert [e.school_class for e in history] == [school_class, other_class]
    assert history[0].ends_on == date(2026, 11, 1)
    assert list(other_class.students_on(date(2026, 11, 2))) == [student]
    assert list(school_class.students_on(date(2026, 11, 2))) == []


def test_it_refuses_a_class_of_grade_12(year):
    school_class = SchoolClass(school=year.school, year=year, grade=12, letter="А")

    with pytest.raises(ValidationError) as error:
        school_class.full_clean()

    assert "от 1 до 11" in messages(error)


def test_it_derives_the_education_level_from_the_grade(year):
    levels = [SchoolClass(grade=g).level for g in (1, 4, 5, 9, 10, 11)]

    assert levels == ["primary", "primary", "basic", "basic", "secondary", "secondary"]


def test_it_refuses_a_guardian_of_themselves(student):
    link = Guardianship(guardian=student, student=student, relation="other")

    with pytest.raises(ValidationError) as error:
        link.full_clean()

    assert "своим собственным законным представителем" in messages(error)


def test_an_assignment_needs_exactly_one_audience(school_class):
    assignment = TeachingAssignment(
        teacher=f.UserFactory(),
        subject=f.SubjectFactory(school=school_class.school),
        year=school_class.year,
    )

    with pytest.raises(ValidationError) as error:
        assignment.full_clean()

    assert "ровно одно" in messages(error)
