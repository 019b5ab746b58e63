"""What `manage.py bench` measures of the cabinet (see ediary/bench.py):
the diary week and the marks page of the demo guardian's child, each also
under load, against a bare page that renders the same marks from one
hand-written query (`views.bench_bare_marks`, served only with the
CABINET_BENCH_BARE_PAGE setting on, as `make bench` runs it)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from ediary.bench import Case

from . import selectors

BARE = "cabinet bare page"


def _child_and_period():
    """The guardian's eldest child they may see (the first grade gets no
    marks), and the child's second period (a whole quarter behind it)."""
    guardian = get_user_model().objects.get(username="guardian")
    today = timezone.localdate()
    children = selectors.cabinet_children(guardian, on=today)
    child = max(
        (c for c in children if c.allowed and c.enrolment),
        key=lambda c: c.enrolment.school_class.grade,
    )
    school_class = child.enrolment.school_class
    periods = selectors.periods_for(school_class.year, school_class.grade)
    return child.student, periods[1] if len(periods) > 1 else periods[0]


def _diary_url():
    student, period = _child_and_period()
    week = period.starts_on + (period.ends_on - period.starts_on) / 2
    url = reverse("cabinet:diary", args=[student.pk])
    return f"{url}?on={week:%Y-%m-%d}"


def _marks_url():
    student, period = _child_and_period()
    return reverse("cabinet:marks", args=[student.pk]) + f"?period={period.pk}"


def _bare_url():
    if not settings.CABINET_BENCH_BARE_PAGE:
        raise RuntimeError(
            f"{BARE}: serve with CABINET_BENCH_BARE_PAGE=true (make bench does)."
        )
    student, period = _child_and_period()
    url = reverse("cabinet:bench_bare", args=[student.pk])
    return f"{url}?start={period.starts_on:%Y-%m-%d}&end={period.ends_on:%Y-%m-%d}"


CASES = [
    Case(BARE, url=_bare_url, user="guardian", throughput=True),
    Case(
        "diary week", url=_diary_url, user="guardian", reference=BARE, throughput=True
    ),
    Case(
        "marks page", url=_marks_url, user="guardian", reference=BARE, throughput=True
    ),
]
