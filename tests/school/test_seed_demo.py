import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_it_builds_a_school_and_prints_a_login_per_role(capsys):
    call_command("seed_demo")

    lines = capsys.readouterr().out.strip().splitlines()
    roles = {line.split()[0] for line in lines}
    assert roles == {"guardian", "student", "teacher", "admin", "clerk"}
    assert all(len(line.split()) == 3 for line in lines)


# Where each role's home lives when it is not named after the role.
LANDING = {"admin": "school-admin", "guardian": "cabinet", "student": "cabinet"}


def test_the_logins_work_and_land_on_the_role_home(client, capsys):
    call_command("seed_demo")
    logins = [line.split() for line in capsys.readouterr().out.strip().splitlines()]

    for role, username, password in logins:
        client.logout()
        response = client.post(
            "/login/", {"username": username, "password": password}, follow=True
        )
        assert (
            response.redirect_chain[-1][0]
            .strip("/")
            .startswith(LANDING.get(role, role))
        ), username


def test_it_changes_nothing_when_run_twice(capsys):
    call_command("seed_demo")
    before = row_counts()

    call_command("seed_demo")

    assert row_counts() == before
    assert "ничего не изменилось" in capsys.readouterr().err


def test_the_demo_has_the_families_the_journeys_need(capsys):
    from school.models import GroupMembership, Guardianship, SchoolClass, User

    call_command("seed_demo")

    guardian = User.objects.get(username="guardian")
    children = Guardianship.objects.filter(guardian=guardian).values_list(
        "student", flat=True
    )
    classes = SchoolClass.objects.filter(enrolments__student__in=children).distinct()
    assert len(children) == 2 and classes.count() == 2
    second = User.objects.get(username="guardian2")
    assert GroupMembership.objects.filter(
        student__guardianships__guardian=second, group__kind="group"
    ).exists()
    assert SchoolClass.objects.filter(grade=11).exists()
    assert 450 <= User.objects.filter(roles__role="student").count() <= 550
