"""Factories for the deep graph of a school, shared by every test."""

from datetime import date

import factory
from django.contrib.auth.hashers import make_password

from school import models
from school.models import Role

YEAR_START = date(2026, 9, 1)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.School

    name = factory.Sequence(lambda n: f"Школа № {n}")
    short_name = factory.Sequence(lambda n: f"СОШ № {n}")
    code = factory.Sequence(lambda n: f"school-{n}")


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AcademicYear

    school = factory.SubFactory(SchoolFactory)
    name = "2026/2027"
    starts_on = YEAR_START
    ends_on = date(2027, 8, 31)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Sequence(lambda n: f"Фамилия{n}")
    first_name = "Имя"
    patronymic = "Отчество"
    password = factory.LazyFunction(lambda: make_password("correct-horse-battery"))


PASSWORD = "correct-horse-battery"


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Subject

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Предмет {n}")
    short_name = factory.Sequence(lambda n: f"Пр{n}")


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SchoolClass

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.LazyAttribute(lambda o: o.year.school)
    grade = 5
    # At most three characters however many classes a test run makes.
    letter = factory.Sequence(
        lambda n: "АБВГДЕЖИКЛМН"[n % 12] + ("" if n < 12 else str(n % 100))
    )


def role(user, school, role_name):
    models.RoleAssignment.objects.get_or_create(
        user=user, school=school, role=role_name
    )
    return user


def student_in(school_class, **kwargs):
    student = UserFactory(**kwargs)
    models.Enrolment.objects.create(
        student=student,
        school_class=school_class,
        starts_on=school_class.year.starts_on,
    )
    return role(student, school_class.school, Role.STUDENT)


def guardian_of(*students, relation="mother", **kwargs):
    guardian = UserFactory(**kwargs)
    for student in students:
        models.Guardianship.objects.create(
            guardian=guardian, student=student, relation=relation
        )
        school = student.enrolments.first().school_class.school
        role(guardian, school, Role.GUARDIAN)
    return guardian


def teacher_of(school_class, subject=None, **kwargs):
    teacher = UserFactory(**kwargs)
    subject = subject or SubjectFactory(school=school_class.school)
    models.TeachingAssignment.objects.create(
        teacher=teacher,
        subject=subject,
        year=school_class.year,
        school_class=school_class,
    )
    return role(teacher, school_class.school, Role.TEACHER)


def staff_of(school, role_name, **kwargs):
    return role(UserFactory(**kwargs), school, role_name)


# The journal


class WorkKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "journal.WorkKind"
        django_get_or_create = ("school", "name")

    school = factory.SubFactory(SchoolFactory)
    name = "Ответ на уроке"
    short_name = "Отв."
    weight = 1


class LessonFactory(factory.django.DjangoModelFactory):
    """A lesson of a class as planned; pass teacher= and subject= to tie it
    to an assignment."""

    class Meta:
        model = "journal.Lesson"

    school_class = factory.SubFactory(SchoolClassFactory)
    year = factory.LazyAttribute(lambda o: (o.school_class or o.group).year)
    subject = factory.LazyAttribute(
        lambda o: SubjectFactory(school=(o.school_class or o.group).school)
    )
    teacher = factory.SubFactory(UserFactory)
    date = date(2026, 11, 9)
    lesson_number = 2
    room = "21"
    planned_date = factory.SelfAttribute("date")
    planned_lesson_number = factory.SelfAttribute("lesson_number")
    planned_teacher = factory.SelfAttribute("teacher")
    planned_room = factory.SelfAttribute("room")


class MarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "journal.Mark"

    lesson = factory.SubFactory(LessonFactory)
    student = factory.SubFactory(UserFactory)
    value = "5"
    work_kind = factory.LazyAttribute(
        lambda o: WorkKindFactory(school=o.lesson.year.school)
    )
    weight = factory.LazyAttribute(lambda o: o.work_kind.weight)
    created_by = factory.SelfAttribute("lesson.teacher")


class HomeworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "journal.Homework"

    lesson = factory.SubFactory(LessonFactory)
    text = "Упражнение 112"
    due_date = factory.LazyAttribute(lambda o: o.lesson.date)
    created_by = factory.SelfAttribute("lesson.teacher")


def lesson_for(teacher, school_class, **kwargs):
    """A lesson of the subject the teacher teaches in the class."""
    assignment = models.TeachingAssignment.objects.get(
        teacher=teacher, school_class=school_class
    )
    return LessonFactory(
        school_class=school_class, subject=assignment.subject, teacher=teacher, **kwargs
    )
