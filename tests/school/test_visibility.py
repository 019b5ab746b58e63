import pytest

from school.models import Role, School, SchoolClass, Student, StudyGroup
from tests import factories as f

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Student.objects.visible_to(user).values_list("username", flat=True))


def test_a_guardian_sees_their_children_and_no_one_else(
    guardian, student, other_student
):
    sibling = f.student_in(
        f.SchoolClassFactory(year=student.enrolments.get().school_class.year)
    )
    f.models.Guardianship.objects.create(
        guardian=guardian, student=sibling, relation="mother"
    )

    assert visible(guardian) == {"pupil", sibling.username}


def test_a_student_sees_only_themselves(student, other_student):
    assert visible(student) == {"pupil"}


def test_a_teacher_sees_their_classes_and_groups_only(
    teacher, student, other_class, other_student
):
    group_member = f.student_in(other_class, username="in-group")
    group = StudyGroup.objects.create(
        school=other_class.school,
        year=other_class.year,
        name="6Б англ. 1 гр.",
        subject=f.SubjectFactory(school=other_class.school),
    )
    group.classes.add(other_class)
    f.models.GroupMembership.objects.create(
        group=group, student=group_member, starts_on=other_class.year.starts_on
    )
    f.models.TeachingAssignment.objects.create(
        teacher=teacher, subject=group.subject, year=other_class.year, group=group
    )

    assert visible(teacher) == {"pupil", "in-group"}
    assert set(StudyGroup.objects.visible_to(teacher)) == {group}
    assert set(SchoolClass.objects.taught_by(teacher)) == {
        student.enrolments.get().school_class
    }


def test_a_teacher_sees_a_student_on_an_individual_plan_they_teach(
    teacher, other_student
):
    year = other_student.enrolments.get().school_class.year
    plan = f.models.IndividualPlan.objects.create(
        student=other_student, year=year, starts_on=year.starts_on
    )
    f.models.TeachingAssignment.objects.create(
        teacher=teacher,
        subject=f.SubjectFactory(school=year.school),
        year=year,
        individual_plan=plan,
    )

    assert "other-pupil" in visible(teacher)


def test_a_homeroom_teacher_sees_their_class(school_class, student):
    homeroom = f.staff_of(school_class.school, Role.TEACHER)
    school_class.homeroom_teacher = homeroom
    school_class.save()

    assert visible(homeroom) == {"pupil"}
    assert list(SchoolClass.objects.visible_to(homeroom)) == [school_class]


def test_an_administrator_of_school_a_sees_nothing_of_school_b(admin_user, student):
    school_b_class = f.SchoolClassFactory()
    stranger = f.student_in(school_b_class, username="stranger")
    f.guardian_of(stranger)

    assert "stranger" not in visible(admin_user)
    assert "pupil" in visible(admin_user)
    assert school_b_class not in SchoolClass.objects.visible_to(admin_user)
    assert list(School.objects.visible_to(admin_user)) == [
        student.enrolments.get().school_class.school
    ]


def test_a_clerk_sees_the_students_of_their_school(clerk, student, other_student):
    assert {"pupil", "other-pupil"} <= visible(clerk)


def test_an_anonymous_visitor_sees_nothing(student):
    from django.contrib.auth.models import AnonymousUser

    assert not Student.objects.visible_to(AnonymousUser()).exists()
    assert not SchoolClass.objects.visible_to(AnonymousUser()).exists()


def test_the_rule_is_one_query(django_assert_num_queries, admin_user, teacher, student):
    f.staff_of(student.enrolments.get().school_class.school, Role.TEACHER)
    with django_assert_num_queries(1):
        list(Student.objects.visible_to(teacher))
