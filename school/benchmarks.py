"""What `manage.py bench` measures of the school's pages (see ediary/bench.py).

The logins are the demo accounts that `seed_demo` and `seed_bench` make.
"""

from django.urls import reverse

from ediary.bench import FLOOR, Case

from .models import TeachingAssignment


def _teacher_class_url():
    """The first class the demo teacher teaches."""
    class_id = (
        TeachingAssignment.objects.filter(
            teacher__username="teacher", school_class__isnull=False
        )
        .order_by("school_class__grade", "school_class__letter")
        .values_list("school_class_id", flat=True)
        .first()
    )
    return reverse("school:class_detail", args=[class_id])


CASES = [
    Case(FLOOR, url=lambda: reverse("school:health"), reference=None),
    Case("login page", url=lambda: reverse("login")),
    Case("teacher home", url=lambda: reverse("school:teacher_home"), user="teacher"),
    Case("class page", url=_teacher_class_url, user="teacher"),
    Case("guardian home", url=lambda: reverse("school:guardian_home"), user="guardian"),
    Case("student home", url=lambda: reverse("school:student_home"), user="student"),
    Case("clerk home", url=lambda: reverse("school:clerk_home"), user="clerk"),
    Case("admin home", url=lambda: reverse("school:admin_home"), user="admin"),
]
