import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from school.models import Enrolment, Role, RoleAssignment, School, User

pytestmark = pytest.mark.django_db

SMALL = 60


def test_it_builds_a_school_of_the_size_asked_for_with_the_demo_logins(capsys):
    call_command("seed_bench", students=SMALL)

    out = capsys.readouterr().out
    students = RoleAssignment.objects.filter(role=Role.STUDENT).count()
    assert abs(students - SMALL) <= 11
    assert Enrolment.objects.count() == students
    assert f"{students} students" in out
    assert "teacher teacher demo-teacher-2026" in out
    assert User.objects.get(username="teacher").check_password("demo-teacher-2026")
    assert out.strip().splitlines()[-1].startswith("done in ")


def test_it_asks_the_later_apps_for_a_whole_year(monkeypatch):
    seen = []
    monkeypatch.setattr(
        "school.management.commands.seed_bench.run_demo_steps",
        lambda ctx: seen.append(ctx.full_year),
    )

    call_command("seed_bench", students=SMALL)

    assert seen == [True]


def test_it_changes_nothing_when_run_twice(capsys):
    call_command("seed_bench", students=SMALL)
    before = User.objects.count()

    call_command("seed_bench", students=SMALL)

    assert User.objects.count() == before
    assert "ничего не изменилось" in capsys.readouterr().err


# Committed, as on a real run: PostgreSQL refuses to empty tables under
# constraint checks still pending in the same transaction.
@pytest.mark.django_db(transaction=True)
def test_it_builds_again_from_scratch_when_fresh(capsys):
    call_command("seed_bench", students=SMALL)
    User.objects.create(username="left-over")

    call_command("seed_bench", students=SMALL, fresh=True)

    assert School.objects.count() == 1
    assert not User.objects.filter(username="left-over").exists()
    assert User.objects.filter(username="teacher").exists()


def test_it_refuses_a_database_that_holds_another_school(capsys):
    call_command("seed_demo")

    with pytest.raises(CommandError, match="seed_bench"):
        call_command("seed_bench", students=SMALL)
