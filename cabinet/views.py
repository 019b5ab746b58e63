"""The guardian's and the student's pages.

Each child page goes through `child_page`: it finds the child among the
person's own (anyone else's id answers 404), asks the electronic-access
rule once, and marks the response as not to be stored by any cache.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journal.models import LessonChange
from school.models import Subject

from . import freshness, selectors, services
from .ical import feed_response
from .models import CalendarFeed

CABINET_TARGET = "cabinet"


@dataclass
class Page:
    """What every child page knows: the person's children, the one shown,
    where that child learns and which day the page is about."""

    request: object
    children: list
    child: selectors.Child
    enrolment: object
    today: object
    snapshot: object

    @property
    def student(self):
        return self.child.student

    @property
    def school_class(self):
        return self.enrolment.school_class

    @property
    def tab_urls(self):
        return _tab_urls(self.student.pk, get_script_prefix())

    def render(self, template, tab, context=None, status=200):
        full = {
            "page": self,
            "children": self.children,
            "child": self.child,
            "tab": tab,
            "base_template": _base_template(self.request),
            **(context or {}),
        }
        return render(self.request, template, full, status=status)


TABS = (
    "diary",
    "marks",
    "homework",
    "timetable",
    "tests",
    "teachers",
    "year",
    "recommendations",
    "finals",
    "calendar_feed",
)


@lru_cache(maxsize=4096)
def _tab_urls(student_id, script_prefix):
    """The child's sections, reversed once per process: every page shows
    all ten."""
    return {tab: reverse(f"cabinet:{tab}", args=[student_id]) for tab in TABS}


def _base_template(request):
    """Only the cabinet's own part when htmx swaps it in place."""
    if request.headers.get("HX-Target") == CABINET_TARGET:
        return "cabinet/partial_base.html"
    return "base.html"


def child_page(view):
    @wraps(view)
    @never_cache
    @login_required
    def wrapper(request, student_id, **kwargs):
        today = timezone.localdate()
        snapshot = freshness.Snapshot.read()
        children = selectors.cabinet_children(request.user, on=today, snapshot=snapshot)
        child = next((c for c in children if c.pk == student_id), None)
        if child is None:
            raise Http404
        if not child.allowed:
            return _refused(request, children, child)
        enrolment = selectors.placement(child, today)
        if enrolment is None:
            return _not_enrolled(request, children, child)
        page = Page(request, children, child, enrolment, today, snapshot)
        return view(request, page, **kwargs)

    return wrapper


def _refused(request, children, child):
    """No data of the child: only how the school delivers it on paper."""
    if request.method != "GET":
        raise Http404
    context = {
        "children": children,
        "child": child,
        "tab": "",
        "base_template": _base_template(request),
    }
    return render(request, "cabinet/refused.html", context)


def _not_enrolled(request, children, child):
    context = {
        "children": children,
        "child": child,
        "tab": "",
        "base_template": _base_template(request),
    }
    return render(request, "cabinet/not_enrolled.html", context)


def _day_asked(request, today):
    raw = request.GET.get("on", "")
    if not raw:
        return today, False
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    return (day, False) if day else (today, True)


@never_cache
@login_required
def home(request):
    """The landing page: today across all the children, labelled."""
    today = timezone.localdate()
    children = selectors.cabinet_children(request.user, on=today)
    if len(children) == 1 and children[0].guardian is None:
        return redirect("cabinet:diary", student_id=children[0].pk)
    lines, due = selectors.today_for(children, day=today)
    context = {
        "children": children,
        "lines": lines,
        "due": due,
        "today": today,
        "tomorrow": today + timedelta(days=1),
        "refused": [c for c in children if not c.allowed],
        "several": len(children) > 1,
        "tab": "",
        "base_template": _base_template(request),
    }
    return render(request, "cabinet/home.html", context)


@child_page
def diary(request, page):
    day, bad_date = _day_asked(request, page.today)
    days = selectors.diary_week(
        page.student,
        school=page.school_class.school,
        year=page.school_class.year,
        grade=page.school_class.grade,
        day=day,
        snapshot=page.snapshot,
    )
    monday, sunday = selectors.week_of(day)
    return page.render(
        "cabinet/diary.html",
        "diary",
        {
            "days": days,
            "monday": monday,
            "sunday": sunday,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "this_week": selectors.week_of(page.today)[0],
            "bad_date": bad_date,
            "kinds": LessonChange.Kind,
        },
    )


def _period_context(request, page):
    periods = selectors.periods_for(
        page.school_class.year, page.school_class.grade, page.snapshot
    )
    try:
        wanted = int(request.GET.get("period", ""))
    except ValueError:
        wanted = None
    period = selectors.choose_period(periods, wanted=wanted, day=page.today)
    return periods, period


@child_page
def marks(request, page):
    periods, period = _period_context(request, page)
    subjects = selectors.subjects_of(
        page.student, enrolment=page.enrolment, on=page.today, snapshot=page.snapshot
    )
    rows = (
        selectors.marks_by_subject(
            page.student,
            period=period,
            subjects=subjects,
            audience=selectors.audience_of(page.student, page.snapshot),
        )
        if period
        else []
    )
    return page.render(
        "cabinet/marks.html",
        "marks",
        {"periods": periods, "period": period, "rows": rows},
    )


@child_page
def subject_marks(request, page, subject_id):
    subject = get_object_or_404(
        Subject, pk=subject_id, school_id=page.school_class.school_id
    )
    periods, period = _period_context(request, page)
    audience = selectors.audience_of(page.student, page.snapshot)
    marks_list = (
        selectors.marks_in(page.student, period, subject, audience=audience)
        if period
        else []
    )
    row = selectors.SubjectMarks(subject=subject, marks=marks_list)
    return page.render(
        "cabinet/subject_marks.html",
        "marks",
        {"periods": periods, "period": period, "row": row, "subject": subject},
    )


@child_page
def timetable(request, page):
    day, bad_date = _day_asked(request, page.today)
    monday, entries, changed, bells = selectors.timetable_week(
        page.student, school=page.school_class.school, day=day, snapshot=page.snapshot
    )
    days = [monday + timedelta(days=n) for n in range(6)]
    numbers = sorted({e.lesson_number for e in entries} | set(bells))
    grid = [
        {
            "number": n,
            "bell": bells.get(n),
            "cells": [
                [
                    e
                    for e in entries
                    if e.weekday == d.isoweekday() and e.lesson_number == n
                ]
                for d in days
            ],
        }
        for n in numbers
    ]
    if not any(e.weekday == 6 for e in entries):
        days = days[:5]
        for row in grid:
            row["cells"] = row["cells"][:5]
    grid = [row for row in grid if any(row["cells"])]
    return page.render(
        "cabinet/timetable.html",
        "timetable",
        {
            "days": days,
            "grid": grid,
            "changed": changed,
            "monday": monday,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "bad_date": bad_date,
            "bells": [bells[n] for n in sorted(bells)],
        },
    )


@child_page
def tests(request, page):
    periods, period = _period_context(request, page)
    lessons = selectors.tests_in(page.student, period) if period else []
    return page.render(
        "cabinet/tests.html",
        "tests",
        {"periods": periods, "period": period, "lessons": lessons},
    )


@child_page
def teachers(request, page):
    assignments = selectors.assignments_for(
        page.student, enrolment=page.enrolment, on=page.today
    )
    return page.render(
        "cabinet/teachers.html", "teachers", {"assignments": assignments}
    )


@child_page
def year(request, page):
    school_class = page.school_class
    periods = selectors.periods_for(
        school_class.year, school_class.grade, page.snapshot
    )
    holidays = selectors.holidays_for(
        school_class.year, school_class.grade, page.snapshot
    )
    return page.render(
        "cabinet/year.html", "year", {"periods": periods, "holidays": holidays}
    )


@child_page
def homework(request, page):
    works = selectors.homework_list(page.student, day=page.today)
    return page.render(
        "cabinet/homework.html",
        "homework",
        {
            "open": [w for w in works if not w.is_done],
            "done": [w for w in works if w.is_done],
            "start": page.today - timedelta(days=selectors.HOMEWORK_DAYS_BACK),
            "end": page.today + timedelta(days=selectors.HOMEWORK_DAYS_AHEAD),
        },
    )


@require_POST
@child_page
def homework_done(request, page, homework_id):
    work = selectors.homework_of(page.student, homework_id)
    if work is None:
        raise Http404
    services.homework_done_set(
        homework=work, student=page.student, done=request.POST.get("done") == "1"
    )
    fallback = reverse("cabinet:homework", args=[page.student.pk])
    next_url = request.POST.get("next") or fallback
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = fallback
    return redirect(next_url)


@child_page
def recommendations(request, page):
    return page.render(
        "cabinet/recommendations.html",
        "recommendations",
        {"recommendations": selectors.recommendations_for(page.student)},
    )


@child_page
def finals(request, page):
    return page.render("cabinet/finals.html", "finals")


@child_page
def calendar_feed(request, page):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(owner=request.user, student=page.student)
        else:
            services.calendar_feed_create(owner=request.user, student=page.student)
        return redirect("cabinet:calendar_feed", student_id=page.student.pk)
    feed = (
        CalendarFeed.objects.active()
        .filter(owner=request.user, student=page.student)
        .first()
    )
    url = (
        request.build_absolute_uri(reverse("cabinet:ics", args=[feed.token]))
        if feed
        else ""
    )
    return page.render(
        "cabinet/calendar_feed.html", "calendar_feed", {"feed": feed, "feed_url": url}
    )


@never_cache
@require_GET
def ics(request, token):
    """The feed itself: no login, the secret token is the key. A revoked
    link, a guardian no longer linked or a refused consent answer 404."""
    feed = (
        CalendarFeed.objects.active()
        .filter(token=token)
        .select_related("owner", "student")
        .first()
    )
    if feed is None:
        if CalendarFeed.objects.filter(token=token).exists():
            return HttpResponse(status=410)
        raise Http404
    today = timezone.localdate()
    children = selectors.cabinet_children(feed.owner, on=today)
    child = next((c for c in children if c.pk == feed.student_id), None)
    if child is None or not child.allowed:
        raise Http404
    enrolment = selectors.placement(child, today)
    if enrolment is None:
        raise Http404
    return feed_response(feed=feed, child=child, enrolment=enrolment, today=today)


BARE_MARKS_SQL = """
SELECT s.name, l.date, m.value, m.weight, w.name
FROM journal_mark m
JOIN journal_lesson l ON l.id = m.lesson_id
JOIN school_subject s ON s.id = l.subject_id
JOIN journal_workkind w ON w.id = m.work_kind_id
JOIN school_guardianship g ON g.student_id = m.student_id
WHERE m.student_id = %s AND g.guardian_id = %s AND l.date BETWEEN %s AND %s
ORDER BY s.name, l.date, l.lesson_number, m.column
"""


@login_required
def bench_bare_marks(request, student_id):
    """The yardstick of the benchmark: the same marks from one hand-written
    query, without templates. Served only with CABINET_BENCH_BARE_PAGE."""
    if not settings.CABINET_BENCH_BARE_PAGE:
        raise Http404
    start, end = parse_date(request.GET["start"]), parse_date(request.GET["end"])
    with connection.cursor() as cursor:
        cursor.execute(BARE_MARKS_SQL, [student_id, request.user.pk, start, end])
        rows = cursor.fetchall()
    body = "".join(
        f"<tr><td>{escape(s)}</td><td>{d}</td><td>{escape(v)}</td>"
        f"<td>{w}</td><td>{escape(k)}</td></tr>"
        for s, d, v, w, k in rows
    )
    response = HttpResponse(f"<!DOCTYPE html><table>{body}</table>")
    response["Cache-Control"] = "no-store"
    return response
