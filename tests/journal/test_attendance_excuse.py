"""A guardian's note turns an absence «н» into an excused one «у»."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from journal import services
from journal.models import Attendance
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def absence(lesson, teacher, student):
    services.marks_save(
        lesson=lesson, cells=[services.Cell(student.pk, 1, "н")], by=teacher
    )
    return Attendance.objects.get()


def test_the_guardian_excuses_an_absence(absence, guardian):
    services.attendance_excuse(attendance=absence, guardian=guardian, note="Врач")

    absence.refresh_from_db()
    assert (absence.code, absence.note) == ("у", "Врач")


def test_another_guardian_cannot(absence, other_guardian):
    with pytest.raises(PermissionDenied):
        services.attendance_excuse(
            attendance=absence, guardian=other_guardian, note="Врач"
        )


def test_only_an_absence_marked_n_is_excused(absence, guardian):
    absence.code = "б"
    absence.save()

    with pytest.raises(ValidationError):
        services.attendance_excuse(attendance=absence, guardian=guardian, note="x")


def test_the_form_of_the_guardian(client, absence, guardian, other_guardian, teacher):
    # The form is an electronic view of the child's attendance: the family
    # has consented to the cabinet (without it the form answers 404, see
    # tests/cabinet/test_diary.py).
    f.consent_of(guardian, absence.student)
    url = f"/journal/attendance/{absence.pk}/excuse/"
    for outsider in (other_guardian, teacher):
        client.force_login(outsider)
        assert client.get(url).status_code == 404

    client.force_login(guardian)
    assert client.get(url).status_code == 200
    empty = client.post(url, {"note": ""})
    response = client.post(url, {"note": "Справка от врача"})

    assert empty.status_code == 422
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.code == "у"
