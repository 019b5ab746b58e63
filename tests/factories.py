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
    letter = factory.Sequence(
        lambda n: "АБВГДЕЖИКЛМН"[n % 12] + ("" if n < 12 else str(n))
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
