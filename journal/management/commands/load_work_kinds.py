from django.core.management.base import BaseCommand, CommandError

from journal.services import work_kinds_load
from school.models import School


class Command(BaseCommand):
    help = "Give a school (or every school) the reference kinds of work."

    def add_arguments(self, parser):
        parser.add_argument("--school", help="the school's code; all if omitted")

    def handle(self, *args, school=None, **options):
        schools = School.objects.all()
        if school:
            schools = schools.filter(code=school)
            if not schools.exists():
                raise CommandError(f"No school with the code {school!r}.")
        for each in schools:
            kinds = work_kinds_load(school=each)
            self.stdout.write(f"{each.code}: {len(kinds)}")
