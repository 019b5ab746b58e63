"""What a person may see and change in the journal.

Built on the rules of school/querysets.py: a teacher sees the lessons of
the subjects they teach to a class or group, and the lessons they give
(a substitute too); administrators and clerks see their school; students
and guardians see the lessons of their own classes and groups.
"""

from django.apps import apps
from django.db import models
from django.db.models import Q

from school.querysets import STAFF_WHO_SEE_THE_SCHOOL, _schools_where


def _model(app, name):
    return apps.get_model(app, name)


def _assignments(user):
    return _model("school", "TeachingAssignment").objects.filter(teacher=user)


def taught_by(user):
    """Lessons of a subject the user is assigned to teach to the audience."""
    assignments = _assignments(user)
    of_classes = assignments.filter(school_class__isnull=False).values(
        "school_class_id", "subject_id"
    )
    of_groups = assignments.filter(group__isnull=False).values("group_id", "subject_id")
    return Q(
        models.Exists(
            of_classes.filter(
                school_class_id=models.OuterRef("school_class_id"),
                subject_id=models.OuterRef("subject_id"),
            )
        )
    ) | Q(
        models.Exists(
            of_groups.filter(
                group_id=models.OuterRef("group_id"),
                subject_id=models.OuterRef("subject_id"),
            )
        )
    )


class LessonQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        Enrolment = _model("school", "Enrolment")
        GroupMembership = _model("school", "GroupMembership")
        own_or_children = Q(student=user) | Q(student__guardianships__guardian=user)
        classes = Enrolment.objects.filter(own_or_children).values("school_class_id")
        groups = GroupMembership.objects.filter(own_or_children).values("group_id")
        return self.filter(
            taught_by(user)
            | Q(teacher=user)
            | Q(school_class__homeroom_teacher=user)
            | Q(school_class_id__in=classes)
            | Q(group_id__in=groups)
            | Q(year__school_id__in=_schools_where(user, STAFF_WHO_SEE_THE_SCHOOL))
        )

    def editable_by(self, user):
        """Lessons the user may fill: their own subjects and audiences, and
        any lesson they give as a substitute."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(taught_by(user) | Q(teacher=user))

    def held(self):
        return self.filter(is_cancelled=False)

    def of_audience(self, audience):
        if audience._meta.model_name == "studygroup":
            return self.filter(group=audience)
        return self.filter(school_class=audience)


class _StudentDataQuerySet(models.QuerySet):
    """Rows about one student in one lesson: visible when both the lesson
    and the student are."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        Lesson = _model("journal", "Lesson")
        Student = _model("school", "Student")
        return self.filter(
            lesson__in=Lesson.objects.visible_to(user),
            student__in=Student.objects.visible_to(user),
        )


class MarkQuerySet(_StudentDataQuerySet):
    pass


class AttendanceQuerySet(_StudentDataQuerySet):
    pass


class MarkChangeQuerySet(_StudentDataQuerySet):
    def flagged(self):
        return self.filter(outside_edit_window=True)

    def for_review_by(self, user):
        """Changes after the edit window in the schools the user runs."""
        return self.flagged().filter(
            lesson__year__school_id__in=_schools_where(user, ["admin"])
        )


class HomeworkQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        Lesson = _model("journal", "Lesson")
        Student = _model("school", "Student")
        return self.filter(
            Q(student__isnull=True) | Q(student__in=Student.objects.visible_to(user)),
            lesson__in=Lesson.objects.visible_to(user),
        )


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        Student = _model("school", "Student")
        SchoolClass = _model("school", "SchoolClass")
        return self.filter(
            Q(author=user)
            | Q(student__in=Student.objects.visible_to(user))
            | Q(school_class__in=SchoolClass.objects.visible_to(user))
        )
