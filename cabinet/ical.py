"""The private iCalendar feed of one child (RFC 5545).

Lessons carry their times in UTC, so every calendar (Google, Apple,
Yandex) places them right without a VTIMEZONE; holidays and homework due
dates are all-day events. Each event's UID stays the same between
fetches, so calendars update events instead of doubling them.
"""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from journal.models import ASSESSED_TYPES, Lesson, LessonChange

from . import labels, selectors, week_sql

DAYS_BACK = 14
DAYS_AHEAD = 60
UID_DOMAIN = "ediary"


def feed_response(*, feed, child, enrolment, today):
    with translation.override(feed.owner.language or settings.LANGUAGE_CODE):
        body = build_feed(feed=feed, child=child, enrolment=enrolment, today=today)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="diary.ics"'
    return response


def build_feed(*, feed, child, enrolment, today):
    school_class = enrolment.school_class
    school = school_class.school
    zone = zoneinfo.ZoneInfo(school.time_zone)
    stamp = timezone.now()

    calendar = Calendar()
    calendar.add("prodid", "-//eDiary//Cabinet//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add(
        "x-wr-calname", _("Diary: %(name)s") % {"name": child.student.first_name}
    )
    calendar.add("x-wr-timezone", school.time_zone)
    calendar.add(
        "refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"}
    )

    for event in _lessons(child, school, zone, today, feed):
        calendar.add_component(_stamped(event, stamp))
    for event in _homework(child, today, feed):
        calendar.add_component(_stamped(event, stamp))
    for event in _holidays(school_class, feed):
        calendar.add_component(_stamped(event, stamp))
    return calendar.to_ical()


def _stamped(event, stamp):
    event.add("dtstamp", stamp)
    return event


def _uid(kind, pk, feed):
    return f"{kind}-{pk}-{feed.pk}@{UID_DOMAIN}"


def _lessons(child, school, zone, today, feed):
    start, end = today - timedelta(DAYS_BACK), today + timedelta(DAYS_AHEAD)
    lessons = week_sql.read_changes(
        selectors.audience_of(child.student).lessons(
            selectors.with_changes(Lesson.objects.filter(date__range=(start, end)))
        )
    )
    bells = selectors.bells_of(school)
    for lesson in lessons:
        bell = bells.get(lesson.lesson_number)
        if bell is None:
            continue
        yield _lesson_event(lesson, bell, zone, feed)


def _lesson_event(lesson, bell, zone, feed):
    line = selectors.DiaryLine(lesson=lesson, bell=bell)
    kinds = [str(labels.CHANGE_KINDS[k]).lower() for k in line.change_kinds]
    summary = lesson.subject.name
    if lesson.lesson_type in ASSESSED_TYPES:
        summary = f"{labels.LESSON_TYPES[lesson.lesson_type]}: {summary}"
    if kinds:
        summary = f"{summary} ({', '.join(kinds)})"

    details = [_("Teacher: %(name)s") % {"name": lesson.teacher.full_name}]
    if lesson.topic:
        details.append(_("Topic: %(topic)s") % {"topic": lesson.topic})
    for change in line.changes:
        details.append(f"{labels.CHANGE_KINDS[change.kind]}: {change.reason}")

    event = Event()
    event.add("uid", _uid("lesson", lesson.pk, feed))
    event.add("summary", summary)
    event.add("dtstart", _utc(lesson.date, bell.starts_at, zone))
    event.add("dtend", _utc(lesson.date, bell.ends_at, zone))
    event.add("description", "\n".join(details))
    if lesson.room:
        event.add("location", lesson.room)
    event.add("status", "CANCELLED" if lesson.is_cancelled else "CONFIRMED")
    if lesson.lesson_type in ASSESSED_TYPES:
        event.add("categories", [_("Test")])
    if LessonChange.Kind.CANCELLATION in line.change_kinds:
        event.add("transp", "TRANSPARENT")
    return event


def _utc(day, time, zone):
    return datetime.combine(day, time, tzinfo=zone).astimezone(zoneinfo.ZoneInfo("UTC"))


def _homework(child, today, feed):
    for work in selectors.homework_list(child.student, day=today):
        event = Event()
        event.add("uid", _uid("homework", work.pk, feed))
        event.add(
            "summary",
            _("Homework due: %(subject)s") % {"subject": work.subject_name},
        )
        event.add("dtstart", work.due_date)
        event.add("dtend", work.due_date + timedelta(days=1))
        event.add("description", work.text)
        event.add("transp", "TRANSPARENT")
        yield event


def _holidays(school_class, feed):
    for holiday in selectors.holidays_for(school_class.year, school_class.grade):
        event = Event()
        event.add("uid", _uid("holiday", holiday.pk, feed))
        event.add("summary", holiday.name)
        event.add("dtstart", holiday.starts_on)
        event.add("dtend", holiday.ends_on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        yield event
