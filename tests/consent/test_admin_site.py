import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_operator_reads_the_register_but_cannot_change_it(
    client, guardian, student
):
    record = f.consent_of(guardian, student)
    operator = f.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)

    listing = client.get("/admin/consent/consentrecord/")
    detail = client.get(f"/admin/consent/consentrecord/{record.pk}/change/")
    add = client.get("/admin/consent/consentrecord/add/")

    assert listing.status_code == 200 and detail.status_code == 200
    assert add.status_code == 403
    assert b'name="_save"' not in detail.content


def test_a_school_administrator_does_not_see_it_in_the_admin_site(client, admin_user):
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)

    assert client.get("/admin/consent/consentrecord/").status_code == 403
