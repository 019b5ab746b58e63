"""Who sees which lessons and marks."""

import pytest

from journal.models import Lesson, Mark
from school.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def mark(lesson, student):
    return f.MarkFactory(lesson=lesson, student=student)


def test_the_teacher_of_the_subject_sees_and_fills(teacher, lesson, mark):
    assert list(Lesson.objects.visible_to(teacher)) == [lesson]
    assert list(Lesson.objects.editable_by(teacher)) == [lesson]
    assert list(Mark.objects.visible_to(teacher)) == [mark]


def test_a_teacher_of_another_class_sees_nothing(other_teacher, lesson, mark):
    assert not Lesson.objects.visible_to(other_teacher).exists()
    assert not Mark.objects.visible_to(other_teacher).exists()


def test_the_guardian_sees_their_child_s_marks_only(
    guardian, other_guardian, lesson, mark, school_class
):
    classmate = f.student_in(school_class)
    f.MarkFactory(lesson=lesson, student=classmate)

    assert list(Mark.objects.visible_to(guardian)) == [mark]
    assert not Mark.objects.visible_to(other_guardian).exists()
    assert not Lesson.objects.editable_by(guardian).exists()


def test_staff_of_the_school_see_its_lessons(admin_user, clerk, lesson, mark):
    assert list(Lesson.objects.visible_to(admin_user)) == [lesson]
    assert list(Mark.objects.visible_to(clerk)) == [mark]
    stranger = f.staff_of(f.SchoolFactory(), Role.ADMIN)
    assert not Lesson.objects.visible_to(stranger).exists()


def test_anonymous_sees_nothing(lesson, mark):
    from django.contrib.auth.models import AnonymousUser

    assert not Lesson.objects.visible_to(AnonymousUser()).exists()
    assert not Mark.objects.visible_to(AnonymousUser()).exists()
