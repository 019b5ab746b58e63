"""Time the journal where a teacher feels it: the grid page of one class and
subject for a period, and the saving of a whole column.

Builds a school of about 1,000 students with a full year of marks (school
code "bench-journal") when it is absent, then prints median times. Run it
on PostgreSQL for figures that mean something:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ediary_bench \\
        python manage.py bench_journal
"""

import random
import statistics
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from journal import demo as journal_demo
from journal.models import Lesson
from journal.selectors import periods_for
from school.demo import DemoContext, build_school
from school.models import School, SchoolClass, TeachingAssignment

SCHOOL_CODE = "bench-journal"


class Command(BaseCommand):
    help = "Print median times of the journal grid and of a column save."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=1000)
        parser.add_argument("--runs", type=int, default=15)

    def handle(self, *args, students, runs, **options):
        school = School.objects.filter(code=SCHOOL_CODE).first()
        if school is None:
            school = self._build(students)
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

        assignment = self._largest_class_assignment(school)
        school_class = assignment.school_class
        client = Client()
        client.force_login(assignment.teacher)
        periods = periods_for(school_class)
        period = periods[1] if len(periods) > 1 else periods[0]
        grid = reverse(
            "journal:grid", args=["class", school_class.pk, assignment.subject_id]
        )
        grid = f"{grid}?period={period.pk}"

        grid_times, grid_queries = self._time(runs, lambda: client.get(grid))
        lesson, form = self._column(school_class, assignment, period)
        url = reverse("journal:marks_save", args=[lesson.pk])
        save_times, save_queries = self._time(
            runs, lambda: self._save(client, url, form)
        )

        self._report(
            school_class,
            assignment,
            period,
            form,
            grid_times,
            grid_queries,
            save_times,
            save_queries,
        )

    def _build(self, students):
        started = time.perf_counter()
        ctx = DemoContext(rng=random.Random(2026), today=date.today(), full_year=True)
        with transaction.atomic():
            build_school(
                ctx, students=students, name="Школа для замеров", code=SCHOOL_CODE
            )
            journal_demo.populate(ctx)
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics until autovacuum comes by.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"built a school of {len(ctx.students)} students with a full year "
            f"in {time.perf_counter() - started:.1f} s"
        )
        return ctx.school

    def _largest_class_assignment(self, school):
        school_class = (
            SchoolClass.objects.filter(school=school, grade=7)
            .order_by("letter")
            .first()
        )
        return (
            TeachingAssignment.objects.filter(
                school_class=school_class, subject__name="Алгебра"
            )
            .select_related("school_class", "teacher")
            .first()
            or TeachingAssignment.objects.filter(school_class=school_class)
            .select_related("school_class", "teacher")
            .first()
        )

    def _column(self, school_class, assignment, period):
        lesson = (
            Lesson.objects.filter(
                school_class=school_class,
                subject_id=assignment.subject_id,
                date__range=(period.starts_on, period.ends_on),
                is_cancelled=False,
            )
            .order_by("-date")
            .first()
        )
        students = school_class.students_on(lesson.date).values_list("pk", flat=True)
        return lesson, list(students)

    def _save(self, client, url, students):
        """Each run writes a whole column of new values over the last."""
        self._round = getattr(self, "_round", 0) + 1
        value = "45"[self._round % 2]
        data = {f"cell-{pk}-1": value for pk in students}
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code
        return response

    def _time(self, runs, call):
        call()  # warm caches and connections
        times = []
        counted = []

        def count(execute, sql, params, many, context):
            counted.append(sql)
            return execute(sql, params, many, context)

        # The test client resets Django's own query log at each request, so
        # the queries are counted at the cursor.
        with connection.execute_wrapper(count):
            call()
        for _ in range(runs):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        return times, len(counted)

    def _report(self, school_class, assignment, period, students, *figures):
        grid_times, grid_queries, save_times, save_queries = figures
        self.stdout.write(
            f"database: {connection.vendor}; class {school_class} "
            f"({len(students)} students), {assignment.subject}, {period.name}"
        )
        self.stdout.write(
            f"grid page: median {statistics.median(grid_times):.1f} ms, "
            f"{grid_queries} queries"
        )
        self.stdout.write(
            f"column save ({len(students)} cells): median "
            f"{statistics.median(save_times):.1f} ms, {save_queries} queries"
        )
