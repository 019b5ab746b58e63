import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_the_periods_and_holidays_of_the_childs_grade(
    client, guardian, student, week
):
    from school.models import Holiday

    year = student.enrolments.get().school_class.year
    Holiday.objects.create(
        year=year,
        name="Дополнительные каникулы для первоклассников",
        starts_on="2027-02-15",
        ends_on="2027-02-21",
        grade_from=1,
        grade_to=1,
    )
    client.force_login(guardian)

    body = client.get(reverse("cabinet:year", args=[student.pk])).content.decode()

    assert "1 четверть" in body
    assert "2 четверть" in body
    assert "День народного единства" in body
    assert "первоклассников" not in body
