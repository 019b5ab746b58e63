"""A school-sized dataset for the benchmarks.

The same machinery as the demo school, at the size asked for, with a whole
academic year of data from every app (`ctx.full_year`). It wants a database
of its own: `--fresh` empties that database and builds again.
"""

import random
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from school.demo import DemoContext, add_demo_accounts, build_school
from school.management.commands.seed_demo import (
    DEMO_PASSWORDS,
    DEMO_ROLES,
    run_demo_steps,
)
from school.models import Role, RoleAssignment, School

BENCH_SCHOOL_CODE = "bench"
BENCH_STUDENTS = 1000


class Command(BaseCommand):
    help = "Fill a database of its own with a school-sized dataset for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=BENCH_STUDENTS)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Empty the whole database first, then build the school again.",
        )

    def handle(self, *args, students, seed, fresh, **options):
        started = time.perf_counter()
        if fresh:
            call_command("flush", interactive=False, verbosity=0)

        if School.objects.filter(code=BENCH_SCHOOL_CODE).exists():
            self.stderr.write(
                _("The benchmark school is already there; nothing changed.")
            )
        elif School.objects.exists():
            raise CommandError(
                _(
                    "The database holds another school; seed_bench needs a "
                    "database of its own (--fresh empties it)."
                )
            )
        else:
            self._build(students, seed)
            self._analyze()

        self._report(time.perf_counter() - started)

    @transaction.atomic
    def _build(self, students, seed):
        ctx = DemoContext(rng=random.Random(seed), today=timezone.localdate())
        ctx.full_year = True
        build_school(ctx, students=students, code=BENCH_SCHOOL_CODE)
        add_demo_accounts(ctx)
        run_demo_steps(ctx)

    def _analyze(self):
        """Fresh tables have no statistics until autovacuum comes by, and
        PostgreSQL plans a year of lessons as a few dozen rows without."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _report(self, seconds):
        students = RoleAssignment.objects.filter(
            school__code=BENCH_SCHOOL_CODE, role=Role.STUDENT
        ).count()
        self.stdout.write(f"{students} students; rows per table:")
        for model in apps.get_models():
            if model._meta.proxy or model._meta.app_label in {"contenttypes", "auth"}:
                continue
            rows = model._default_manager.count()
            if rows:
                self.stdout.write(f"  {model._meta.label:<36} {rows:>9}")
        for username, password in DEMO_PASSWORDS.items():
            role = DEMO_ROLES.get(username, username)
            self.stdout.write(f"{role} {username} {password}")
        self.stdout.write(f"done in {seconds:.1f} s")
