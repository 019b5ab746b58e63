"""The two statements of the diary week written by hand.

The diary is the page parents open every evening. Built with the ORM, the
week's lessons (with the child's attendance and both teachers' names) and
its homework (with the subject and whether it is done) took Django longer
to compose than PostgreSQL took to run them: about 4 ms against 1.5 ms for
the homework on the benchmark's machine. Written here once, their text
only changes with the number of classes, groups and lessons, so the
server prepares each statement once per connection and reuses its plan.

Both run through `Model.objects.raw`, which converts the model's own
columns as the ORM would (dates and booleans on SQLite too); the extra
columns are plain values. Teachers' names come from subqueries on the
key: a join makes PostgreSQL hash the whole people table twice. Every
value reaches the database as a parameter, never in the text.
"""

from django.db import connection

from journal.models import Attendance, Homework, HomeworkDone, Lesson
from school.models import Subject, User

NAME_FIELDS = ("last_name", "first_name", "patronymic")
TEACHERS = ("teacher_id", "planned_teacher_id")


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


def week_lessons(student, audience, start, end):
    """The lessons held or planned between `start` and `end` for the
    student's classes and groups, each with `subject`, `teacher` and
    `planned_teacher` filled in and `attendance_pk` / `attendance_code`
    of the student's attendance mark (None without one). Whether the
    student belonged to the class or group that day is left to
    `audience.attends`."""
    names = ", ".join(
        f"(SELECT u.{field} FROM {_table(User)} u WHERE u.id = l.{who}) "
        f"AS {who}_{field}"
        for who in TEACHERS
        for field in NAME_FIELDS
    )
    attendance = (
        f"(SELECT a.{{column}} FROM {_table(Attendance)} a "
        f"WHERE a.lesson_id = l.id AND a.student_id = %s)"
    )
    sql = f"""
        SELECT l.id, l.school_class_id, l.group_id, l.subject_id, l.date,
               l.lesson_number, l.planned_date, l.planned_lesson_number,
               l.teacher_id, l.planned_teacher_id, l.room, l.planned_room,
               l.is_cancelled, l.topic, l.lesson_type,
               s.name AS subject_name, s.short_name AS subject_short_name,
               s.school_id AS subject_school_id,
               {names},
               {attendance.format(column="id")} AS attendance_pk,
               {attendance.format(column="code")} AS attendance_code
        FROM {_table(Lesson)} l
        JOIN {_table(Subject)} s ON s.id = l.subject_id
        WHERE {_audience("l", audience)}
          AND (l.date BETWEEN %s AND %s OR l.planned_date BETWEEN %s AND %s)
        ORDER BY l.date, l.lesson_number, l.id
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
    for lesson in Lesson.objects.raw(sql, params):
        lesson.subject = Subject(
            pk=lesson.subject_id,
            name=lesson.subject_name,
            short_name=lesson.subject_short_name,
            school_id=lesson.subject_school_id,
        )
        for who in TEACHERS:
            person = User(
                pk=getattr(lesson, who),
                **{f: getattr(lesson, f"{who}_{f}") or "" for f in NAME_FIELDS},
            )
            setattr(lesson, who.removesuffix("_id"), person)
        if audience.attends(lesson):
            lessons.append(lesson)
    return lessons


def week_homework(student, audience, lesson_ids, start, end, given_since):
    """Homework given in the lessons `lesson_ids` or due between `start`
    and `end` for a lesson of the student's classes and groups since
    `given_since`: for everyone or for the student alone, with
    `subject_name` and `is_done`, by due date."""
    sql = f"""
        SELECT h.id, h.lesson_id, h.student_id, h.text, h.due_date,
               EXISTS (
                   SELECT 1 FROM {_table(HomeworkDone)} d
                   WHERE d.homework_id = h.id AND d.student_id = %s
               ) AS is_done,
               (
                   SELECT s.name FROM {_table(Lesson)} l
                   JOIN {_table(Subject)} s ON s.id = l.subject_id
                   WHERE l.id = h.lesson_id
               ) AS subject_name
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
    return list(Homework.objects.raw(sql, params))
