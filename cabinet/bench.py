"""The cabinet benchmark's two halves: a journal year to read, and a load
generator that measures pages on loopback.

The journal's own demo step fills a year when it can (`journal.demo`
with `ctx.full_year`); until it does, `fill_journal` writes a plain year
of lessons, marks, attendance, homework and a few changes with bulk
inserts, so the benchmark always reads a realistic amount of data.
"""

import http.client
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from journal.models import (
    Attendance,
    Homework,
    Lesson,
    LessonChange,
    LessonType,
    Mark,
    TimetableEntry,
    WorkKind,
    mark_points,
)
from school.models import (
    CurriculumHours,
    Enrolment,
    GroupMembership,
    Holiday,
    TeachingAssignment,
)

LESSONS_A_DAY = 7
MARKED_SHARE = 0.2
ABSENT_SHARE = 0.03
TEST_EVERY = 9
BATCH = 5000
WORK_KINDS = [
    ("Ответ на уроке", "Отв.", "1"),
    ("Домашняя работа", "ДЗ", "1"),
    ("Самостоятельная работа", "С/р", "1.5"),
    ("Контрольная работа", "К/р", "2"),
]


def fill_journal(ctx, *, until):
    """Lessons of every class and group from the first school day to
    `until`, following a weekly timetable built from the curriculum."""
    rng = ctx.rng
    kinds = _work_kinds(ctx.school)
    holidays = list(Holiday.objects.filter(year=ctx.year))
    students = _students_by_audience(ctx)
    slots = _timetable(ctx)
    lessons = _lessons(ctx, slots, holidays, until, rng)
    _marks_and_more(lessons, students, kinds, ctx, rng)
    return len(lessons)


def _work_kinds(school):
    rows = [
        WorkKind.objects.get_or_create(
            school=school,
            name=name,
            defaults={"short_name": short, "weight": Decimal(weight)},
        )[0]
        for name, short, weight in WORK_KINDS
    ]
    return rows


def _students_by_audience(ctx):
    audience = defaultdict(list)
    for row in Enrolment.objects.filter(school_class__year=ctx.year):
        audience[("class", row.school_class_id)].append(row.student_id)
    for row in GroupMembership.objects.filter(group__year=ctx.year):
        audience[("group", row.group_id)].append(row.student_id)
    return audience


def _timetable(ctx):
    """Weekly slots of each class: its subjects' weekly hours laid over
    Monday to Friday; a class's subgroups share one slot."""
    hours = {}
    for line in CurriculumHours.objects.filter(period__year=ctx.year):
        hours.setdefault((line.school_class_id, line.subject_id), line.weekly_hours)
    by_class = defaultdict(list)
    assignments = TeachingAssignment.objects.filter(
        year=ctx.year, individual_plan__isnull=True
    ).prefetch_related("group__classes")
    for a in assignments:
        classes = [a.school_class] if a.school_class_id else list(a.group.classes.all())
        for school_class in classes:
            weekly = int(hours.get((school_class.pk, a.subject_id), 1))
            by_class[school_class.pk].append((a, weekly))

    entries = []
    for class_id, teaching in by_class.items():
        entries.extend(_week_of_class(ctx, class_id, teaching))
    return TimetableEntry.objects.bulk_create(entries, batch_size=BATCH)


def _week_of_class(ctx, class_id, teaching):
    cells = [(d, n) for n in range(1, LESSONS_A_DAY + 1) for d in range(1, 6)]
    subjects = defaultdict(list)
    for assignment, weekly in teaching:
        subjects[assignment.subject_id].append((assignment, weekly))
    position = 0
    for group in subjects.values():
        weekly = max(w for _, w in group)
        for _ in range(weekly):
            if position >= len(cells):
                return
            weekday, number = cells[position]
            position += 1
            for assignment, _w in group:
                if assignment.group_id and assignment.group.kind == "stream":
                    continue
                yield TimetableEntry(
                    year=ctx.year,
                    weekday=weekday,
                    lesson_number=number,
                    subject_id=assignment.subject_id,
                    teacher_id=assignment.teacher_id,
                    school_class_id=None if assignment.group_id else class_id,
                    group_id=assignment.group_id,
                    room=str(100 + class_id % 40),
                    valid_from=ctx.year.starts_on,
                )


def _lessons(ctx, slots, holidays, until, rng):
    by_weekday = defaultdict(list)
    for slot in slots:
        by_weekday[slot.weekday].append(slot)
    made, day = [], ctx.year.starts_on
    counters = defaultdict(int)
    while day <= until:
        whole_school_off = any(
            h.starts_on <= day <= h.ends_on and h.grade_from <= 1 and h.grade_to >= 11
            for h in holidays
        )
        for slot in [] if whole_school_off else by_weekday.get(day.isoweekday(), []):
            key = (slot.school_class_id, slot.group_id, slot.subject_id)
            counters[key] += 1
            made.append(_lesson(ctx, slot, day, counters[key], rng))
        day += timedelta(days=1)
    return Lesson.objects.bulk_create(made, batch_size=BATCH)


def _lesson(ctx, slot, day, serial, rng):
    lesson = Lesson(
        year=ctx.year,
        subject_id=slot.subject_id,
        school_class_id=slot.school_class_id,
        group_id=slot.group_id,
        timetable_entry=slot,
        planned_date=day,
        planned_lesson_number=slot.lesson_number,
        planned_teacher_id=slot.teacher_id,
        planned_room=slot.room,
        date=day,
        lesson_number=slot.lesson_number,
        teacher_id=slot.teacher_id,
        room=slot.room,
        topic=f"Тема {serial}",
        lesson_type=LessonType.TEST if serial % TEST_EVERY == 0 else "ordinary",
    )
    if rng.random() < 0.01:
        lesson.is_cancelled = True
    return lesson


def _marks_and_more(lessons, students, kinds, ctx, rng):
    marks, absences, homework, changes = [], [], [], []
    test_kind = kinds[-1]
    values = ["5", "5", "4", "4", "4", "3", "3", "2"]
    author = ctx.teachers[0]
    for lesson in lessons:
        audience = students[
            ("group", lesson.group_id)
            if lesson.group_id
            else ("class", lesson.school_class_id)
        ]
        if lesson.is_cancelled:
            changes.append(
                LessonChange(
                    lesson=lesson,
                    kind=LessonChange.Kind.CANCELLATION,
                    reason="Карантин",
                    created_by=author,
                )
            )
            continue
        is_test = lesson.lesson_type == LessonType.TEST
        for student_id in audience:
            if rng.random() < ABSENT_SHARE:
                absences.append(
                    Attendance(
                        lesson=lesson,
                        student_id=student_id,
                        code="н",
                        recorded_by_id=lesson.teacher_id,
                    )
                )
            elif is_test or rng.random() < MARKED_SHARE:
                kind = test_kind if is_test else rng.choice(kinds[:-1])
                value = rng.choice(values)
                marks.append(
                    Mark(
                        lesson=lesson,
                        student_id=student_id,
                        value=value,
                        points=mark_points(value),
                        work_kind=kind,
                        weight=kind.weight,
                        created_by_id=lesson.teacher_id,
                    )
                )
        homework.append(
            Homework(
                lesson=lesson,
                text=f"Параграф {lesson.pk % 40 + 1}, упражнения {lesson.pk % 300}",
                due_date=lesson.date + timedelta(days=2),
                created_by_id=lesson.teacher_id,
            )
        )
    Mark.objects.bulk_create(marks, batch_size=BATCH)
    Attendance.objects.bulk_create(absences, batch_size=BATCH)
    Homework.objects.bulk_create(homework, batch_size=BATCH)
    LessonChange.objects.bulk_create(changes, batch_size=BATCH)


# The load generator


@dataclass
class Throughput:
    requests: int
    errors: int
    seconds: float

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


def measure(*, port, path, cookie, threads, seconds, limit):
    """Requests per second of one page on 127.0.0.1: `threads` keep-alive
    clients asking for `path` until `seconds` pass or `limit` answers."""
    lock = threading.Lock()
    counts = {"started": 0, "ok": 0, "errors": 0}
    deadline = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookie, "Connection": "keep-alive"}
        while time.monotonic() < deadline:
            with lock:
                if counts["started"] >= limit:
                    return
                counts["started"] += 1
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            with lock:
                counts["ok" if ok else "errors"] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return Throughput(counts["ok"], counts["errors"], time.monotonic() - started)
