import random
from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from school.demo import (
    DEMO_SCHOOL_CODE,
    DemoContext,
    add_demo_accounts,
    build_school,
)
from school.models import School

# The apps that add demo data of their own, in the order they need.
# The cabinet comes last: it drops what its cache kept of the people and
# the calendar the other steps wrote in bulk, without signals.
DEMO_STEPS = ["journal", "consent", "notifications", "extracts", "cabinet"]
DEMO_STUDENTS = 500
DEMO_PASSWORDS = {
    "admin": "demo-admin-2026",
    "clerk": "demo-clerk-2026",
    "teacher": "demo-teacher-2026",
    "guardian": "demo-guardian-2026",
    "guardian2": "demo-guardian2-2026",
    "student": "demo-student-2026",
}
DEMO_ROLES = {"guardian2": "guardian"}


def run_demo_steps(ctx):
    for app in DEMO_STEPS:
        if find_spec(f"{app}.demo"):
            import_module(f"{app}.demo").populate(ctx)


class Command(BaseCommand):
    help = "Fill an empty database with an invented demo school."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        if School.objects.filter(code=DEMO_SCHOOL_CODE).exists():
            self.stderr.write(_("The demo school is already there; nothing changed."))
        else:
            self._build(seed)
        for username, password in DEMO_PASSWORDS.items():
            role = DEMO_ROLES.get(username, username)
            self.stdout.write(f"{role} {username} {password}")

    @transaction.atomic
    def _build(self, seed):
        ctx = DemoContext(rng=random.Random(seed), today=timezone.localdate())
        build_school(ctx, students=DEMO_STUDENTS)
        add_demo_accounts(ctx)
        run_demo_steps(ctx)
        self.stderr.write(
            _("Demo school built: %(students)d students, %(teachers)d teachers.")
            % {"students": len(ctx.students), "teachers": len(ctx.teachers)}
        )
