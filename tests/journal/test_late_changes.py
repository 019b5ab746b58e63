"""The administrator's list of marks changed after the edit window."""

from datetime import timedelta

import pytest
from django.utils import timezone

from journal import services
from journal.models import Mark, MarkChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_change(lesson, teacher, student):
    services.mark_set(lesson=lesson, student=student, value="3", by=teacher)
    Mark.objects.update(created_at=timezone.now() - timedelta(days=30))
    services.mark_set(
        lesson=lesson, student=student, value="4", by=teacher, reason="Пересдача"
    )
    return MarkChange.objects.get(outside_edit_window=True)


def test_the_administrator_sees_and_reviews_late_changes(
    client, admin_user, late_change
):
    client.force_login(admin_user)

    page = client.get("/journal/late-changes/")
    client.post(f"/journal/late-changes/{late_change.pk}/reviewed/")

    assert list(page.context["changes"]) == [late_change]
    late_change.refresh_from_db()
    assert late_change.reviewed_by == admin_user and late_change.reviewed_at


@pytest.mark.parametrize("persona", ["teacher", "clerk", "guardian"])
def test_others_do_not(client, request, late_change, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/journal/late-changes/").status_code == 404
    response = client.post(f"/journal/late-changes/{late_change.pk}/reviewed/")
    assert response.status_code == 404
    late_change.refresh_from_db()
    assert late_change.reviewed_at is None


def test_an_administrator_of_another_school_does_not(client, late_change):
    from school.models import Role
    from tests import factories as f

    stranger = f.staff_of(f.SchoolFactory(), Role.ADMIN)
    client.force_login(stranger)

    assert list(client.get("/journal/late-changes/").context["changes"]) == []
    response = client.post(f"/journal/late-changes/{late_change.pk}/reviewed/")
    assert response.status_code == 404
