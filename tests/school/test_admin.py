import pytest
from django.contrib.auth.models import Group, Permission

from school.models import Role, SchoolClass
from tests import factories as f
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_admin(admin_user):
    staff = Group.objects.create(name="School administrators")
    staff.permissions.set(Permission.objects.filter(content_type__app_label="school"))
    admin_user.is_staff = True
    admin_user.save()
    admin_user.groups.add(staff)
    return admin_user


@pytest.fixture
def admin_client(client, school_admin):
    client.post("/login/", {"username": school_admin.username, "password": PASSWORD})
    return client


def test_it_lists_only_the_classes_of_the_administered_school(
    admin_client, school_class
):
    elsewhere = f.SchoolClassFactory(grade=7, letter="Я")

    response = admin_client.get("/admin/school/schoolclass/")

    listed = list(response.context["cl"].queryset)
    assert school_class in listed
    assert elsewhere not in listed


def test_it_answers_404_for_a_class_of_another_school(admin_client, db):
    elsewhere = f.SchoolClassFactory(grade=7, letter="Я")

    response = admin_client.get(f"/admin/school/schoolclass/{elsewhere.pk}/change/")

    assert response.status_code == 302  # the admin redirects a missing row home
    assert SchoolClass.objects.filter(pk=elsewhere.pk).exists()


def test_it_offers_only_own_school_people_as_homeroom_teachers(
    admin_client, school_class, teacher
):
    stranger = f.staff_of(f.SchoolFactory(), Role.TEACHER)

    response = admin_client.get(f"/admin/school/schoolclass/{school_class.pk}/change/")

    choices = response.context["adminform"].form.fields["homeroom_teacher"].queryset
    assert teacher in choices
    assert stranger not in choices


def test_a_school_administrator_cannot_make_anyone_a_superuser(
    admin_client, school_admin, student
):
    response = admin_client.get(f"/admin/school/user/{school_admin.pk}/change/")

    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "is_staff" not in form.fields


def test_the_admin_speaks_russian(admin_client):
    response = admin_client.get("/admin/school/")

    assert "Классы" in response.content.decode()
