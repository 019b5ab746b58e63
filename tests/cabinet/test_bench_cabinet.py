"""The benchmark's parts: the year it writes and the load it measures.
The command itself runs only against PostgreSQL and gunicorn (make it
with `python manage.py bench_cabinet`)."""

import random
from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from cabinet import bench
from journal.models import Homework, Lesson, Mark, TimetableEntry
from school.demo import DemoContext, build_school
from school.models import Guardianship

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_school(db):
    ctx = DemoContext(rng=random.Random(7), today=timezone.localdate())
    build_school(ctx, students=30, code="bench-test")
    return ctx


def test_it_writes_lessons_marks_and_homework_from_the_timetable(small_school):
    until = small_school.year.starts_on + timedelta(days=13)

    count = bench.fill_journal(small_school, until=until)

    lessons = Lesson.objects.filter(year=small_school.year)
    assert count == lessons.count() > 0
    assert TimetableEntry.objects.filter(year=small_school.year).exists()
    assert not lessons.filter(date__gt=until).exists()
    assert lessons.filter(date__week_day__in=[1, 7]).count() == 0
    assert Mark.objects.filter(lesson__year=small_school.year).exists()
    assert Homework.objects.filter(lesson__year=small_school.year).count() == (
        lessons.filter(is_cancelled=False).count()
    )


@pytest.mark.django_db(transaction=True)
def test_it_measures_a_page_served_on_loopback(live_server, small_school):
    link = Guardianship.objects.filter(student__in=small_school.students).first()
    session = SessionStore()
    session[SESSION_KEY] = str(link.guardian.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = link.guardian.get_session_auth_hash()
    session.create()
    port = int(live_server.url.rsplit(":", 1)[1])

    result = bench.measure(
        port=port,
        path=reverse("cabinet:year", args=[link.student_id]),
        cookie=f"sessionid={session.session_key}",
        threads=2,
        seconds=5,
        limit=6,
    )

    assert result.requests == 6
    assert result.errors == 0
    assert result.per_second > 0
