import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_the_periods_tests_with_date_kind_and_topic(
    client, guardian, student, week
):
    client.force_login(guardian)
    period = week["ordinary"].year.periods.get(number=2)

    response = client.get(
        reverse("cabinet:tests", args=[student.pk]), {"period": period.pk}
    )

    body = response.content.decode()
    assert "Контрольная по дробям" in body
    assert "13 ноября" in body
    assert "Контрольная работа" in body
    assert "Дроби и проценты" not in body


def test_it_says_when_a_period_has_no_tests(client, guardian, student, week):
    client.force_login(guardian)
    period = week["ordinary"].year.periods.get(number=1)

    response = client.get(
        reverse("cabinet:tests", args=[student.pk]), {"period": period.pk}
    )

    assert "пока не запланировано" in response.content.decode()
