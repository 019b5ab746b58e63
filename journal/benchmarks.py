"""What `manage.py bench` measures of the journal (see ediary/bench.py):
the demo teacher's grid of one class and subject for a quarter, and the
saving of a whole column of that grid in one request."""

from itertools import count

from django.urls import reverse

from ediary.bench import Case
from school.models import TeachingAssignment

from .models import Lesson
from .selectors import periods_for

SAVES = count()


def _grid():
    """The teacher's largest class in one subject, and its second period
    (a whole quarter of lessons behind it)."""
    assignment = (
        TeachingAssignment.objects.filter(
            teacher__username="teacher", school_class__isnull=False
        )
        .select_related("school_class__year")
        .order_by("school_class__grade", "school_class__letter", "subject__name")
        .first()
    )
    periods = periods_for(assignment.school_class)
    period = periods[1] if len(periods) > 1 else periods[0]
    return assignment, period


def _grid_url():
    assignment, period = _grid()
    url = reverse(
        "journal:grid",
        args=["class", assignment.school_class_id, assignment.subject_id],
    )
    return f"{url}?period={period.pk}"


def _column():
    """The last lesson of the grid's period and the students on its day."""
    assignment, period = _grid()
    lesson = (
        Lesson.objects.filter(
            school_class_id=assignment.school_class_id,
            subject_id=assignment.subject_id,
            date__range=(period.starts_on, period.ends_on),
            is_cancelled=False,
        )
        .order_by("-date", "-lesson_number")
        .first()
    )
    students = assignment.school_class.students_on(lesson.date)
    return lesson, list(students.values_list("pk", flat=True))


def _column_url():
    lesson, _students = _column()
    return reverse("journal:marks_save", args=[lesson.pk])


def _column_data():
    """A whole second column, each save the other value, so that every
    request writes; the reason lets a change past the edit window through."""
    lesson, students = _column()
    value = "45"[next(SAVES) % 2]
    _assignment, period = _grid()
    data = {"period": period.pk}
    for pk in students:
        data[f"cell-{pk}-2"] = value
        data[f"reason-{pk}-2"] = "bench"
    return data


CASES = [
    Case("journal grid", url=_grid_url, user="teacher"),
    Case(
        "column save",
        url=_column_url,
        user="teacher",
        method="POST",
        data=_column_data,
        reference="journal grid",
        status=302,
    ),
]
