"""The statements of the diary week written by hand (the changes of
lessons serve the timetable, the today view and the calendar feed too).

The diary is the page parents open every evening. Built with the ORM, the
week's lessons (with the child's attendance and both teachers' names), its
homework (with the subject and whether it is done), the child's marks and
the lessons' changes took Django longer to compose and to turn into model
instances than PostgreSQL took to run them. Written here once, the text of
each statement only changes with the number of classes, groups and
lessons, so the server prepares it once per connection and reuses its
plan, and the rows become small plain objects.

Teachers' names come from subqueries on the key (a join makes PostgreSQL
hash the whole people table twice). Every value reaches the database as a
parameter, never in the text. SQLite hands dates back as text and
booleans as numbers; `_day` and `bool` read both.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection

from journal.models import (
    Attendance,
    Homework,
    HomeworkDone,
    Lesson,
    LessonChange,
    Mark,
    WorkKind,
)
from school.models import Subject, User, short_name

NAME_FIELDS = ("last_name", "first_name", "patronymic")
TEACHERS = ("teacher_id", "planned_teacher_id")


@dataclass(frozen=True, slots=True)
class Named:
    """A subject or a teacher as a lesson line names them."""

    pk: int
    name: str = ""
    short_name: str = ""


@dataclass(slots=True)
class WeekLesson:
    """A lesson of the week with what its line shows: the fields of
    `journal.models.Lesson` the diary reads, and the child's attendance."""

    pk: int
    school_class_id: int
    group_id: int
    date: date
    lesson_number: int
    planned_date: date
    planned_lesson_number: int
    teacher_id: int
    planned_teacher_id: int
    room: str
    planned_room: str
    is_cancelled: bool
    topic: str
    lesson_type: str
    subject: Named
    teacher: Named
    planned_teacher: Named
    attendance_pk: int = None
    attendance_code: str = None
    change_list: list = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WeekChange:
    kind: str
    reason: str


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _in(column, values):
    """`column IN (%s, ...)`, false for no values."""
    if not values:
        return "1 = 0"
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _audience(alias, audience):
    classes = _in(f"{alias}.school_class_id", audience.class_ids)
    groups = _in(f"{alias}.group_id", audience.group_ids)
    return f"({classes} OR {groups})"


def _day(value):
    return value if isinstance(value, date) else date.fromisoformat(value)


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def week_lessons(student, audience, start, end):
    """The lessons held or planned between `start` and `end` in the
    student's classes and groups on days the student belonged to them,
    with their subject, teachers and the student's attendance mark."""
    names = ", ".join(
        f"(SELECT u.{name} FROM {_table(User)} u WHERE u.id = l.{who})"
        for who in TEACHERS
        for name in NAME_FIELDS
    )
    attendance = (
        f"(SELECT a.{{column}} FROM {_table(Attendance)} a "
        f"WHERE a.lesson_id = l.id AND a.student_id = %s)"
    )
    sql = f"""
        SELECT l.id, l.school_class_id, l.group_id, l.date, l.lesson_number,
               l.planned_date, l.planned_lesson_number, l.teacher_id,
               l.planned_teacher_id, l.room, l.planned_room, l.is_cancelled,
               l.topic, l.lesson_type, l.subject_id, s.name,
               {attendance.format(column="id")},
               {attendance.format(column="code")},
               {names}
        FROM {_table(Lesson)} l
        JOIN {_table(Subject)} s ON s.id = l.subject_id
        WHERE {_audience("l", audience)}
          AND (l.date BETWEEN %s AND %s OR l.planned_date BETWEEN %s AND %s)
    """
    params = [
        student.pk,
        student.pk,
        *audience.class_ids,
        *audience.group_ids,
        start,
        end,
        start,
        end,
    ]
    lessons = []
    for row in _rows(sql, params):
        (pk, class_id, group_id, day, number, planned_day, planned_number) = row[:7]
        (teacher_id, planned_teacher_id, room, planned_room, cancelled) = row[7:12]
        topic, lesson_type, subject_id, subject_name, seen_pk, seen_code = row[12:18]
        teacher, planned = row[18:21], row[21:24]
        lesson = WeekLesson(
            pk=pk,
            school_class_id=class_id,
            group_id=group_id,
            date=_day(day),
            lesson_number=number,
            planned_date=_day(planned_day),
            planned_lesson_number=planned_number,
            teacher_id=teacher_id,
            planned_teacher_id=planned_teacher_id,
            room=room,
            planned_room=planned_room,
            is_cancelled=bool(cancelled),
            topic=topic,
            lesson_type=lesson_type,
            subject=Named(subject_id, name=subject_name),
            teacher=Named(teacher_id, short_name=short_name(*_names(teacher))),
            planned_teacher=Named(
                planned_teacher_id, short_name=short_name(*_names(planned))
            ),
            attendance_pk=seen_pk,
            attendance_code=seen_code,
        )
        if audience.attends(lesson):
            lessons.append(lesson)
    return lessons


def _names(values):
    return [value or "" for value in values]


def read_changes(lessons):
    """Each lesson's changes, oldest first, as `lesson.change_list` (of a
    plain `WeekLesson` or of a `journal.models.Lesson`)."""
    by_pk = {}
    for lesson in lessons:
        lesson.change_list = []
        by_pk[lesson.pk] = lesson
    if not by_pk:
        return lessons
    sql = f"""
        SELECT c.lesson_id, c.kind, c.reason FROM {_table(LessonChange)} c
        WHERE {_in("c.lesson_id", list(by_pk))}
        ORDER BY c.created_at, c.id
    """
    for lesson_id, kind, reason in _rows(sql, list(by_pk)):
        by_pk[lesson_id].change_list.append(WeekChange(kind, reason))
    return lessons


def week_marks(student, lessons, mark_row):
    """The student's marks in `lessons`, as `mark_row(...)` values."""
    by_pk = {lesson.pk: lesson for lesson in lessons}
    if not by_pk:
        return []
    sql = f"""
        SELECT m.lesson_id, m.value, m.points, m.weight, m."column", m.comment,
               w.name
        FROM {_table(Mark)} m JOIN {_table(WorkKind)} w ON w.id = m.work_kind_id
        WHERE m.student_id = %s AND {_in("m.lesson_id", list(by_pk))}
        ORDER BY m.lesson_id, m."column"
    """
    marks = []
    for lesson_id, value, points, weight, column, comment, kind in _rows(
        sql, [student.pk, *by_pk]
    ):
        lesson = by_pk[lesson_id]
        marks.append(
            mark_row(
                lesson_id,
                value,
                points,
                weight if isinstance(weight, Decimal) else Decimal(str(weight)),
                column,
                comment,
                lesson.date,
                lesson.topic,
                lesson.subject.pk,
                lesson.subject.name,
                kind,
            )
        )
    return marks


@dataclass(slots=True)
class WeekHomework:
    pk: int
    lesson_id: int
    student_id: int
    text: str
    due_date: date
    is_done: bool
    subject_name: str


def week_homework(student, audience, lesson_ids, start, end, given_since):
    """Homework given in the lessons `lesson_ids` or due between `start`
    and `end` for a lesson of the student's classes and groups since
    `given_since`: for everyone or for the student alone, with the subject
    and whether it is done, by due date."""
    sql = f"""
        SELECT h.id, h.lesson_id, h.student_id, h.text, h.due_date,
               EXISTS (
                   SELECT 1 FROM {_table(HomeworkDone)} d
                   WHERE d.homework_id = h.id AND d.student_id = %s
               ),
               (
                   SELECT s.name FROM {_table(Lesson)} l
                   JOIN {_table(Subject)} s ON s.id = l.subject_id
                   WHERE l.id = h.lesson_id
               )
        FROM {_table(Homework)} h
        WHERE (h.student_id IS NULL OR h.student_id = %s)
          AND ({_in("h.lesson_id", lesson_ids)}
               OR (h.due_date BETWEEN %s AND %s AND h.lesson_id IN (
                   SELECT l.id FROM {_table(Lesson)} l
                   WHERE {_audience("l", audience)}
                     AND l.date BETWEEN %s AND %s)))
        ORDER BY h.due_date, h.id
    """
    params = [
        student.pk,
        student.pk,
        *lesson_ids,
        start,
        end,
        *audience.class_ids,
        *audience.group_ids,
        given_since,
        end,
    ]
    return [
        WeekHomework(pk, lesson_id, student_id, text, _day(due), bool(done), subject)
        for pk, lesson_id, student_id, text, due, done, subject in _rows(sql, params)
    ]
