from datetime import date

import pytest

from journal import selectors
from school.models import Period
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(school_class):
    return Period.objects.create(
        year=school_class.year,
        scheme="quarter",
        number=2,
        name="2 четверть",
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 12, 26),
    )


def test_tests_ahead_make_the_calendar_of_the_period(
    client, guardian, other_guardian, teacher, school_class, quarter
):
    test = f.lesson_for(
        teacher, school_class, date=date(2026, 12, 10), lesson_type="test"
    )
    f.lesson_for(teacher, school_class, date=date(2026, 12, 11))
    f.lesson_for(teacher, school_class, date=date(2027, 1, 20), lesson_type="test")
    cancelled = f.lesson_for(
        teacher, school_class, date=date(2026, 12, 15), lesson_type="exam"
    )
    cancelled.is_cancelled = True
    cancelled.save()

    assert list(selectors.tests_calendar(school_class, quarter)) == [test]

    client.force_login(guardian)
    response = client.get(
        f"/journal/class/{school_class.pk}/tests/?period={quarter.pk}"
    )
    assert list(response.context["lessons"]) == [test]
    client.force_login(other_guardian)
    assert client.get(f"/journal/class/{school_class.pk}/tests/").status_code == 404
