"""Each page runs a fixed number of queries, however much the child has:
counted on one week, then again after many weeks more of everything; each
time with an empty cache (the first page of the day) and with the one that
page filled (every page after it)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cabinet.models import CalendarFeed
from tests.cabinet.conftest import MONDAY, grow

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
PAGES = [
    ("diary", {"on": MONDAY}),
    ("marks", {}),
    ("timetable", {"on": MONDAY}),
    ("tests", {}),
    ("teachers", {}),
    ("year", {}),
    ("homework", {}),
    ("recommendations", {}),
    ("finals", {}),
    ("calendar_feed", {}),
]


def _count(client, url, params, at_most):
    """The queries of the page with an empty cache, then with a warm one,
    each at most MAX_QUERIES (`at_most` is django_assert_max_num_queries)."""
    cache.clear()
    counts = []
    for _ in range(2):
        with at_most(MAX_QUERIES), CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[1] <= counts[0]
    return counts


@pytest.mark.parametrize(("name", "params"), PAGES, ids=[p[0] for p in PAGES])
def test_it_runs_the_same_few_queries_at_two_sizes(
    client, django_assert_max_num_queries, guardian, student, teacher, subject,
    week, name, params,
):  # fmt: skip
    client.force_login(guardian)
    url = reverse(f"cabinet:{name}", args=[student.pk])
    if name == "marks":
        params = {"period": week["ordinary"].year.periods.get(number=2).pk}
    small = _count(client, url, params, django_assert_max_num_queries)

    school_class = student.enrolments.get().school_class
    grow(
        school_class=school_class,
        student=student,
        teacher=teacher,
        subject=subject,
        weeks=12,
    )
    large = _count(client, url, params, django_assert_max_num_queries)

    assert large == small


def test_it_runs_a_fixed_number_of_queries_for_a_subjects_marks(
    client, django_assert_max_num_queries, guardian, student, teacher, subject, week
):
    client.force_login(guardian)
    url = reverse("cabinet:subject_marks", args=[student.pk, subject.pk])
    small = _count(client, url, {"period": ""}, django_assert_max_num_queries)

    school_class = student.enrolments.get().school_class
    grow(
        school_class=school_class,
        student=student,
        teacher=teacher,
        subject=subject,
        weeks=12,
    )
    large = _count(client, url, {}, django_assert_max_num_queries)

    assert large == small


def test_it_runs_a_fixed_number_of_queries_for_today_of_two_children(
    client, django_assert_max_num_queries, guardian, student, teacher, subject,
    today_lessons, other_student,
):  # fmt: skip
    from school.models import Guardianship

    Guardianship.objects.create(guardian=guardian, student=other_student)
    client.force_login(guardian)
    small = _count(client, reverse("cabinet:home"), {}, django_assert_max_num_queries)

    school_class = student.enrolments.get().school_class
    grow(
        school_class=school_class,
        student=student,
        teacher=teacher,
        subject=subject,
        weeks=4,
    )
    large = _count(client, reverse("cabinet:home"), {}, django_assert_max_num_queries)

    assert large == small


def test_it_runs_a_fixed_number_of_queries_for_the_feed(
    client, django_assert_max_num_queries, guardian, student, teacher, subject,
    week, today_lessons,
):  # fmt: skip
    feed = CalendarFeed.objects.create(owner=guardian, student=student)
    url = reverse("cabinet:ics", args=[feed.token])
    small = _count(client, url, {}, django_assert_max_num_queries)

    school_class = student.enrolments.get().school_class
    grow(
        school_class=school_class,
        student=student,
        teacher=teacher,
        subject=subject,
        weeks=12,
    )
    large = _count(client, url, {}, django_assert_max_num_queries)

    assert large == small
