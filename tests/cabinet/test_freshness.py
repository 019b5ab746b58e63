"""The cabinet keeps each person's children, their consent decision and
the school calendar in the cache (`cabinet.freshness`). Every test here
opens a page once so the cache is warm, changes something the cache holds,
and checks that the very next page shows the change."""

from datetime import date, time

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.urls import reverse

from cabinet import freshness
from cabinet.models import Generation
from school.models import Bell, Enrolment, Guardianship, Holiday
from tests import factories as f
from tests.cabinet.conftest import MONDAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def warm(client, guardian, student, week):
    """The guardian has opened the diary: the cache holds what it read."""
    client.force_login(guardian)
    url = reverse("cabinet:diary", args=[student.pk])
    assert client.get(url, {"on": MONDAY}).status_code == 200
    return url


def _diary(client, url):
    response = client.get(url, {"on": MONDAY})
    return response.status_code, response.content.decode()


def test_a_second_page_reads_the_children_from_the_cache(
    client, warm, django_assert_max_num_queries
):
    keys = {k for k in cache._cache if ":children:" in k}  # noqa: SLF001
    assert len(keys) == 1

    with django_assert_max_num_queries(8):
        assert _diary(client, warm)[0] == 200


def test_a_child_whose_link_is_removed_answers_404_at_once(
    client, warm, guardian, student
):
    Guardianship.objects.filter(guardian=guardian, student=student).delete()

    assert _diary(client, warm)[0] == 404


def test_a_withdrawn_consent_hides_the_data_at_once(client, warm, guardian, student):
    f.consent_of(guardian, student, decision="withdrawal", signed_on=date(2026, 10, 1))

    status, body = _diary(client, warm)

    assert status == 200
    assert "на бумаге" in body
    assert "Дроби и проценты" not in body


def test_a_moved_child_shows_the_new_class_at_once(client, warm, student, other_class):
    Enrolment.objects.filter(student=student).update(school_class=other_class)
    # A bulk update sends no signal; whoever writes one says so.
    freshness.changed(freshness.ACCESS)

    status, body = _diary(client, warm)

    assert status == 200
    assert "6Б" in body


def test_a_renamed_child_shows_the_new_name_at_once(client, warm, student):
    student.first_name = "Василиса"
    student.save()

    assert "Василиса" in _diary(client, warm)[1]


def test_a_changed_bell_shows_at_once(client, warm, school):
    Bell.objects.filter(school=school, number=1).update(starts_at=time(8, 0))
    bell = Bell.objects.get(school=school, number=1)
    bell.ends_at = time(8, 40)
    bell.save()

    assert "08:00–08:40" in _diary(client, warm)[1]


def test_a_new_holiday_shows_at_once(client, warm, school_class):
    Holiday.objects.create(
        year=school_class.year,
        name="Day of the school's founding",
        kind=Holiday.Kind.DAY_OFF,
        starts_on=MONDAY,
        ends_on=MONDAY,
    )

    assert "Day of the school&#x27;s founding" in _diary(client, warm)[1]


def test_signing_in_does_not_empty_the_cache(client, warm, guardian, rf):
    before = dict(Generation.objects.values_list("name", "stamp"))

    request = rf.get("/")
    request.session = client.session
    user_logged_in.send(sender=type(guardian), request=request, user=guardian)

    assert dict(Generation.objects.values_list("name", "stamp")) == before


def test_a_change_rolled_back_leaves_the_stamp_as_it_was(warm, student):
    from django.db import transaction

    before = dict(Generation.objects.values_list("name", "stamp"))
    with pytest.raises(RuntimeError), transaction.atomic():
        student.first_name = "Никто"
        student.save()
        raise RuntimeError

    assert dict(Generation.objects.values_list("name", "stamp")) == before


def test_a_cache_that_does_not_answer_costs_speed_not_the_page(
    client, guardian, student, week, settings, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    client.force_login(guardian)

    status, body = _diary(client, reverse("cabinet:diary", args=[student.pk]))

    assert status == 200
    assert "Дроби и проценты" in body
    assert "The cache did not answer" in caplog.text
    assert student.last_name not in caplog.text
