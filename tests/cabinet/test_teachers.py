import pytest
from django.urls import reverse

from school.models import (
    GroupMembership,
    IndividualPlan,
    StudyGroup,
    TeachingAssignment,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_lists_teachers_by_subject_and_where_they_teach(
    client, guardian, student, teacher, school_class, week
):
    school_class.homeroom_teacher = f.UserFactory(last_name="Классова")
    school_class.save()
    stream = StudyGroup.objects.create(
        school=school_class.school,
        year=school_class.year,
        kind=StudyGroup.Kind.STREAM,
        name="Финансовая грамотность, 5 параллель",
        subject=f.SubjectFactory(school=school_class.school, name="Финграмотность"),
    )
    GroupMembership.objects.create(
        group=stream, student=student, starts_on=school_class.year.starts_on
    )
    plan = IndividualPlan.objects.create(
        student=student, year=school_class.year, starts_on=school_class.year.starts_on
    )
    for audience, name in ((stream, "Потокова"), (plan, "Планова")):
        TeachingAssignment.objects.create(
            teacher=f.UserFactory(last_name=name),
            subject=stream.subject,
            year=school_class.year,
            group=audience if audience is stream else None,
            individual_plan=audience if audience is plan else None,
        )
    client.force_login(guardian)

    body = client.get(reverse("cabinet:teachers", args=[student.pk])).content.decode()

    assert "Классова" in body
    assert teacher.last_name in body
    assert "5А класс" in body
    assert "поток «Финансовая грамотность, 5 параллель»" in body
    assert "Потокова" in body
    assert "Планова" in body
    assert "индивидуальный учебный план" in body


def test_it_leaves_out_teachers_of_other_classes(
    client, guardian, student, other_teacher, week
):
    client.force_login(guardian)

    body = client.get(reverse("cabinet:teachers", args=[student.pk])).content.decode()

    assert other_teacher.last_name not in body
