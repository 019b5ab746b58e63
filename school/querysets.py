"""What a person may see: every read of a student's data starts here.

Each method builds subqueries from the asking user, so a page pays one
query for the visibility rule however many roles the person holds.
"""

from django.apps import apps
from django.db import models
from django.db.models import Q

STAFF_WHO_SEE_THE_SCHOOL = ("admin", "clerk")


def _model(name):
    return apps.get_model("school", name)


def _schools_where(user, roles):
    return (
        _model("RoleAssignment")
        .objects.filter(user=user, role__in=roles)
        .values("school_id")
    )


def _taught_classes(user):
    assignments = _model("TeachingAssignment").objects.filter(
        teacher=user, school_class__isnull=False
    )
    return _model("SchoolClass").objects.filter(
        Q(pk__in=assignments.values("school_class_id")) | Q(homeroom_teacher=user)
    )


def _taught_groups(user):
    return (
        _model("TeachingAssignment")
        .objects.filter(teacher=user, group__isnull=False)
        .values("group_id")
    )


def _taught_plans(user):
    return (
        _model("TeachingAssignment")
        .objects.filter(teacher=user, individual_plan__isnull=False)
        .values("individual_plan_id")
    )


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(roles__user=user).distinct()

    def administered_by(self, user):
        return self.filter(pk__in=_schools_where(user, ["admin"]))


class StudentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Students the user may see: their own children, themselves, the
        students of the classes, groups and plans they teach, or all the
        students of a school they administer or keep the records of."""
        if not user.is_authenticated:
            return self.none()
        Enrolment = _model("Enrolment")
        GroupMembership = _model("GroupMembership")
        Guardianship = _model("Guardianship")
        IndividualPlan = _model("IndividualPlan")

        in_taught_classes = Enrolment.objects.filter(
            school_class__in=_taught_classes(user)
        ).values("student_id")
        in_taught_groups = GroupMembership.objects.filter(
            group_id__in=_taught_groups(user)
        ).values("student_id")
        on_taught_plans = IndividualPlan.objects.filter(
            pk__in=_taught_plans(user)
        ).values("student_id")
        in_own_school = Enrolment.objects.filter(
            school_class__school_id__in=_schools_where(user, STAFF_WHO_SEE_THE_SCHOOL)
        ).values("student_id")
        own_children = Guardianship.objects.filter(guardian=user).values("student_id")

        return self.filter(
            Q(pk=user.pk)
            | Q(pk__in=own_children)
            | Q(pk__in=in_taught_classes)
            | Q(pk__in=in_taught_groups)
            | Q(pk__in=on_taught_plans)
            | Q(pk__in=in_own_school)
        )

    def children_of(self, guardian):
        return self.filter(guardianships__guardian=guardian)


class SchoolClassQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        Enrolment = _model("Enrolment")
        own_and_children = Enrolment.objects.filter(
            Q(student=user) | Q(student__guardianships__guardian=user)
        ).values("school_class_id")
        of_taught_groups = (
            _model("StudyGroup")
            .classes.through.objects.filter(studygroup_id__in=_taught_groups(user))
            .values("schoolclass_id")
        )
        return self.filter(
            Q(pk__in=_taught_classes(user).values("pk"))
            | Q(pk__in=of_taught_groups)
            | Q(pk__in=own_and_children)
            | Q(school_id__in=_schools_where(user, STAFF_WHO_SEE_THE_SCHOOL))
        )

    def taught_by(self, user):
        return self.filter(pk__in=_taught_classes(user).values("pk"))


class StudyGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        GroupMembership = _model("GroupMembership")
        own_and_children = GroupMembership.objects.filter(
            Q(student=user) | Q(student__guardianships__guardian=user)
        ).values("group_id")
        of_homeroom = (
            _model("StudyGroup")
            .classes.through.objects.filter(schoolclass__homeroom_teacher=user)
            .values("studygroup_id")
        )
        return self.filter(
            Q(pk__in=_taught_groups(user))
            | Q(pk__in=of_homeroom)
            | Q(pk__in=own_and_children)
            | Q(school_id__in=_schools_where(user, STAFF_WHO_SEE_THE_SCHOOL))
        )
