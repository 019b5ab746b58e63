from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cabinet.models import CalendarFeed
from tests import factories as f
from tests.cabinet.conftest import _lesson_maker

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_week(school, periods, school_class, student, teacher, subject):
    """Lessons of the current week, so the feed's window holds them."""
    make = _lesson_maker(teacher, school_class, subject)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    lessons = [make(monday + timedelta(days=n), 1, topic=f"Тема {n}") for n in range(5)]
    f.HomeworkFactory(
        lesson=lessons[0],
        text="Прочитать §5; ответить на вопросы, 1–3\nи выучить правило",
        due_date=timezone.localdate() + timedelta(days=2),
    )
    return lessons


def _make_link(client, guardian, student):
    client.force_login(guardian)
    url = reverse("cabinet:calendar_feed", args=[student.pk])
    client.post(url, {"action": "create"})
    return CalendarFeed.objects.active().get(owner=guardian, student=student)


def _parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_it_makes_a_secret_link_the_guardian_can_copy(client, guardian, student, week):
    feed = _make_link(client, guardian, student)

    page = client.get(reverse("cabinet:calendar_feed", args=[student.pk]))

    assert len(feed.token) >= 40
    assert feed.token.isascii() and student.username not in feed.token
    assert reverse("cabinet:ics", args=[feed.token]) in page.content.decode()


def test_it_serves_a_calendar_that_parses_with_the_weeks_lessons(
    client, guardian, student, this_week
):
    feed = _make_link(client, guardian, student)
    client.logout()

    calendar = _parse(client.get(reverse("cabinet:ics", args=[feed.token])))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = calendar.walk("VEVENT")
    topics = {str(e.get("DESCRIPTION")) for e in events}
    for lesson in this_week:
        assert any(lesson.topic in t for t in topics)
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    for event in events:
        assert event.get("DTSTAMP") is not None
    lesson_events = [e for e in events if str(e["UID"]).startswith("lesson-")]
    first = lesson_events[0].decoded("DTSTART")
    assert first.utcoffset() == timedelta(0)
    assert (
        first.astimezone(timezone.get_default_timezone()).strftime("%H:%M") == "08:30"
    )


def test_it_keeps_homework_text_intact_through_escaping(
    client, guardian, student, this_week
):
    feed = _make_link(client, guardian, student)

    response = client.get(reverse("cabinet:ics", args=[feed.token]))

    assert b"\\;" in response.content and b"\\," in response.content
    homework = [
        e
        for e in _parse(response).walk("VEVENT")
        if str(e["UID"]).startswith("homework-")
    ]
    assert str(homework[0]["DESCRIPTION"]) == (
        "Прочитать §5; ответить на вопросы, 1–3\nи выучить правило"
    )


def test_it_holds_holidays_and_marks_changes(client, guardian, student, week):
    feed = _make_link(client, guardian, student)

    calendar = _parse(client.get(reverse("cabinet:ics", args=[feed.token])))

    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "День народного единства" in summaries


def test_it_stops_working_once_revoked(client, guardian, student, this_week):
    feed = _make_link(client, guardian, student)
    url = reverse("cabinet:ics", args=[feed.token])
    assert client.get(url).status_code == 200

    client.post(
        reverse("cabinet:calendar_feed", args=[student.pk]), {"action": "revoke"}
    )

    assert client.get(url).status_code == 410
    assert not CalendarFeed.objects.active().exists()


def test_it_replaces_a_link_with_a_new_one(client, guardian, student, this_week):
    old = _make_link(client, guardian, student)

    new = _make_link(client, guardian, student)

    assert new.token != old.token
    assert client.get(reverse("cabinet:ics", args=[old.token])).status_code == 410
    assert client.get(reverse("cabinet:ics", args=[new.token])).status_code == 200


def test_it_stops_a_link_of_a_guardian_no_longer_linked(
    client, guardian, student, this_week
):
    feed = _make_link(client, guardian, student)

    guardian.wards.all().delete()

    assert client.get(reverse("cabinet:ics", args=[feed.token])).status_code == 404
