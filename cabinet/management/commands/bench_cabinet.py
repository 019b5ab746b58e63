"""Throughput of the diary week and the marks page against a bare page.

Builds (once) a school of 1,000 students with a full year of marks in the
PostgreSQL database of DATABASE_URL, serves it under gunicorn with
persistent connections, and prints the pages' requests per second side
by side with a page that renders the same marks from one SQL query.
"""

import os
import random
import signal
import socket
import subprocess
import sys
import time
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cabinet import bench, selectors
from school.demo import DemoContext, build_school
from school.models import Enrolment, Guardianship, School

BENCH_SCHOOL = "bench"
TARGET = 0.6


class Command(BaseCommand):
    help = "Measure the cabinet's pages under gunicorn against a bare page."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=1000)
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--requests", type=int, default=20000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument("--port", type=int, default=8450)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Point DATABASE_URL at a PostgreSQL database.")
        school = self._school(options["students"], options["seed"])
        student, guardian = self._family(school)
        cookie = self._session_cookie(guardian, school)
        paths = self._paths(student)

        server = self._serve(options["port"], options["workers"])
        try:
            self._wait_for(options["port"], server)
            results = {
                name: self._measure(options, path, cookie)
                for name, path in paths.items()
            }
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        self._report(results, options)

    def _school(self, students, seed):
        school = School.objects.filter(code=BENCH_SCHOOL).first()
        if school:
            return school
        self.stderr.write(f"Building a school of {students} students with a year...")
        with transaction.atomic():
            ctx = DemoContext(rng=random.Random(seed), today=timezone.localdate())
            ctx.full_year = True
            build_school(ctx, students=students, code=BENCH_SCHOOL)
            if find_spec("journal.demo"):
                import_module("journal.demo").populate(ctx)
            else:
                until = max(p.ends_on for p in ctx.year.periods.all())
                count = bench.fill_journal(ctx, until=until)
                self.stderr.write(f"{count} lessons written.")
        return ctx.school

    def _family(self, school):
        """A guardian of a 7th-grader: a full timetable and many marks."""
        enrolment = (
            Enrolment.objects.filter(school_class__school=school, school_class__grade=7)
            .order_by("student_id")
            .first()
        )
        link = Guardianship.objects.filter(student_id=enrolment.student_id).first()
        return enrolment.student, link.guardian

    def _session_cookie(self, guardian, school):
        session = SessionStore()
        session[SESSION_KEY] = str(guardian.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = guardian.get_session_auth_hash()
        session["school_time_zone"] = school.time_zone
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def _paths(self, student):
        enrolment = selectors.placement(
            selectors.Child(student=student, guardian=None, allowed=True),
            timezone.localdate(),
        )
        year = enrolment.school_class.year
        periods = selectors.periods_for(year, enrolment.school_class.grade)
        period = periods[1] if len(periods) > 1 else periods[0]
        week = period.starts_on + (period.ends_on - period.starts_on) / 2
        return {
            "diary week": reverse("cabinet:diary", args=[student.pk])
            + f"?on={week:%Y-%m-%d}",
            "marks page": reverse("cabinet:marks", args=[student.pk])
            + f"?period={period.pk}",
            "bare page": f"/cabinet/{student.pk}/bench-bare/"
            f"?start={period.starts_on:%Y-%m-%d}&end={period.ends_on:%Y-%m-%d}",
        }

    def _serve(self, port, workers):
        env = {
            **os.environ,
            "CONN_MAX_AGE": "600",
            "CABINET_BENCH_BARE_PAGE": "true",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        command = [
            sys.executable, "-m", "gunicorn", "ediary.wsgi",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--log-level", "warning",
        ]  # fmt: skip
        return subprocess.Popen(command, env=env, start_new_session=True)

    def _wait_for(self, port, server):
        for _ in range(100):
            if server.poll() is not None:
                raise CommandError("gunicorn stopped before it answered.")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise CommandError("gunicorn did not answer in 10 seconds.")

    def _measure(self, options, path, cookie):
        warm = bench.measure(
            port=options["port"], path=path, cookie=cookie,
            threads=options["workers"], seconds=5, limit=options["workers"] * 5,
        )  # fmt: skip
        if warm.errors or not warm.requests:
            raise CommandError(f"{path} does not answer 200.")
        return bench.measure(
            port=options["port"], path=path, cookie=cookie,
            threads=options["threads"], seconds=options["seconds"],
            limit=options["requests"],
        )  # fmt: skip

    def _report(self, results, options):
        bare = results["bare page"].per_second
        self.stdout.write(
            f"gunicorn, {options['workers']} workers, {options['threads']} clients, "
            f"CONN_MAX_AGE=600, PostgreSQL"
        )
        self.stdout.write(f"{'page':<12} {'req/s':>8} {'requests':>9} {'errors':>7}")
        for name, result in results.items():
            self.stdout.write(
                f"{name:<12} {result.per_second:>8.1f} {result.requests:>9} "
                f"{result.errors:>7}"
            )
        for name in ("diary week", "marks page"):
            ratio = results[name].per_second / bare if bare else 0.0
            verdict = "meets" if ratio >= TARGET else "misses"
            self.stdout.write(
                f"{name} / bare page = {ratio:.0%} ({verdict} the {TARGET:.0%} target)"
            )
