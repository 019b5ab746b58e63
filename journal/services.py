"""Writes to the journal: each one transaction, each leaving its record,
each announcing itself through journal.signals after commit."""

import csv
import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from school.models import Enrolment, GroupMembership, Guardianship

from . import signals
from .models import (
    Attendance,
    Homework,
    HomeworkFile,
    Lesson,
    LessonChange,
    LessonType,
    Mark,
    MarkChange,
    MarkValue,
    Recommendation,
    TimetableEntry,
    WorkKind,
    mark_points,
)

logger = logging.getLogger(__name__)

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
DEFAULT_WORK_KIND = "Ответ на уроке"

# Work kinds


def work_kinds_load(*, school):
    """Give a school the kinds of work of reference/work-kinds.csv; kinds it
    already has keep their weights."""
    with open(REFERENCE_DIR / "work-kinds.csv", encoding="utf-8", newline="") as src:
        rows = list(csv.DictReader(src))
    have = set(school.work_kinds.values_list("name", flat=True))
    WorkKind.objects.bulk_create(
        WorkKind(
            school=school,
            name=row["kind"],
            short_name=row["short"],
            weight=Decimal(row["weight"]),
            is_default=row["kind"] == DEFAULT_WORK_KIND,
        )
        for row in rows
        if row["kind"] not in have
    )
    return list(school.work_kinds.all())


def default_work_kind(school):
    return (
        WorkKind.objects.filter(school=school).order_by("-is_default", "weight").first()
    )


# Timetable and lessons


@dataclass
class Generation:
    created: int = 0
    removed: int = 0
    kept: int = 0


def _days_off(year):
    """Dates off per grade, from the holidays and days off of the year."""
    off = {grade: set() for grade in range(1, 12)}
    for holiday in year.holidays.all():
        day = holiday.starts_on
        while day <= holiday.ends_on:
            for grade in range(holiday.grade_from, holiday.grade_to + 1):
                off[grade].add(day)
            day += timedelta(days=1)
    return off


def _last_day_for(year, grade):
    """Lessons stop when the last reporting period of the grade ends."""
    periods = list(year.periods.all())
    scheme = {s.grade: s.scheme for s in year.grade_schemes.all()}.get(grade)
    ends = [p.ends_on for p in periods if scheme is None or p.scheme == scheme]
    return max(ends) if ends else year.ends_on


def _entry_grades(entry):
    if entry.school_class_id:
        return {entry.school_class.grade}
    return {c.grade for c in entry.group.classes.all()}


def _has_data():
    """Lessons someone already filled: marks, attendance, a topic,
    homework or an announced change."""
    of_lesson = {"lesson_id": OuterRef("pk")}
    return (
        ~Q(topic="")
        | Exists(Mark.objects.filter(**of_lesson))
        | Exists(Attendance.objects.filter(**of_lesson))
        | Exists(Homework.objects.filter(**of_lesson))
        | Exists(LessonChange.objects.filter(**of_lesson))
    )


def _lesson_days(entry, start, last_day, off_days):
    day = max(start, entry.valid_from)
    end = min(last_day, entry.valid_until or last_day)
    day += timedelta(days=(entry.weekday - 1 - day.weekday()) % 7)
    while day <= end:
        if day not in off_days:
            yield day
        day += timedelta(days=7)


@transaction.atomic
def lessons_generate(*, year, from_date=None, by=None):
    """Make the dated lessons of the year from its timetable, from a date
    on. Lessons from that date that nobody has filled yet are made anew;
    lessons with marks, attendance, a topic, homework or a change stay as
    they are, and no second lesson is made in their slot."""
    start = max(from_date or year.starts_on, year.starts_on)
    result = Generation()

    future = Lesson.objects.filter(
        year=year, planned_date__gte=start, timetable_entry__isnull=False
    )
    filled = set(
        future.filter(_has_data()).values_list(
            "school_class_id",
            "group_id",
            "subject_id",
            "planned_date",
            "planned_lesson_number",
        )
    )
    result.kept = len(filled)
    _total, deleted = future.exclude(_has_data()).delete()
    result.removed = deleted.get("journal.Lesson", 0)

    lessons = lessons_plan(year=year, start=start, skip=filled)
    Lesson.objects.bulk_create(lessons, batch_size=2000)
    result.created = len(lessons)
    logger.info(
        "Lessons generated for year %s from %s: %d made, %d removed, %d kept",
        year.pk,
        start,
        result.created,
        result.removed,
        result.kept,
    )
    return result


def lessons_plan(*, year, start, skip=frozenset()):
    """The lessons the timetable gives from a date to the end of the last
    period of each grade, skipping holidays and the given slots
    (class id, group id, subject id, date, lesson number); not saved."""
    off = _days_off(year)
    entries = (
        TimetableEntry.objects.filter(year=year)
        .select_related("school_class")
        .prefetch_related("group__classes")
    )
    last_days = {}
    lessons = []
    for entry in entries:
        grades = _entry_grades(entry)
        off_days = set().union(*(off[g] for g in grades))
        grade = max(grades, default=11)
        if grade not in last_days:
            last_days[grade] = _last_day_for(year, grade)
        for day in _lesson_days(entry, start, last_days[grade], off_days):
            slot = (
                entry.school_class_id,
                entry.group_id,
                entry.subject_id,
                day,
                entry.lesson_number,
            )
            if slot not in skip:
                lessons.append(_lesson_from(entry, day))
    return lessons


def _lesson_from(entry, day):
    return Lesson(
        year_id=entry.year_id,
        subject_id=entry.subject_id,
        school_class_id=entry.school_class_id,
        group_id=entry.group_id,
        timetable_entry=entry,
        planned_date=day,
        planned_lesson_number=entry.lesson_number,
        planned_teacher_id=entry.teacher_id,
        planned_room=entry.room,
        date=day,
        lesson_number=entry.lesson_number,
        teacher_id=entry.teacher_id,
        room=entry.room,
    )


def _record_change(lesson, *, kind, reason, by, **new):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the lesson changes."))
    change = LessonChange.objects.create(
        lesson=lesson, kind=kind, reason=reason, created_by=by, **new
    )
    signals.send_on_commit(
        signals.lesson_changed, sender=LessonChange, change_id=change.pk
    )
    return change


@transaction.atomic
def lesson_substitute(*, lesson, teacher, reason, by):
    """Another teacher gives the lesson; the planned teacher stays on
    record."""
    if teacher.pk == lesson.teacher_id:
        raise ValidationError(_("The substitute must be another teacher."))
    lesson.teacher = teacher
    lesson.save(update_fields=["teacher"])
    return _record_change(
        lesson,
        kind=LessonChange.Kind.SUBSTITUTION,
        reason=reason,
        by=by,
        new_teacher=teacher,
    )


@transaction.atomic
def lesson_move(*, lesson, reason, by, date=None, lesson_number=None, room=None):
    """Move a lesson to another date, lesson number or room."""
    new = {}
    if date is not None and date != lesson.date:
        new["new_date"] = lesson.date = date
    if lesson_number is not None and lesson_number != lesson.lesson_number:
        new["new_lesson_number"] = lesson.lesson_number = lesson_number
    if room is not None and room != lesson.room:
        new["new_room"] = lesson.room = room
    if not new:
        raise ValidationError(_("Give a new date, lesson number or room."))
    lesson.save(update_fields=["date", "lesson_number", "room"])
    return _record_change(
        lesson, kind=LessonChange.Kind.MOVE, reason=reason, by=by, **new
    )


@transaction.atomic
def lesson_cancel(*, lesson, reason, by):
    if lesson.is_cancelled:
        raise ValidationError(_("The lesson is already cancelled."))
    lesson.is_cancelled = True
    lesson.save(update_fields=["is_cancelled"])
    return _record_change(
        lesson, kind=LessonChange.Kind.CANCELLATION, reason=reason, by=by
    )


@transaction.atomic
def lesson_describe(*, lesson, topic, lesson_type, by):
    """Set the topic and the type of a lesson; a test scheduled ahead goes
    on the tests calendar."""
    if lesson_type not in LessonType.values:
        raise ValidationError(_("Unknown lesson type."))
    lesson.topic = topic.strip()
    lesson.lesson_type = lesson_type
    lesson.save(update_fields=["topic", "lesson_type"])
    return lesson


# Marks and attendance in cells


class CellError(Exception):
    pass


ATTENDANCE_CODES = set(Attendance.Code.values)
MARK_VALUES = set(MarkValue.values)
ABSENT_CODES = {Attendance.Code.ABSENT, Attendance.Code.ILL, Attendance.Code.EXCUSED}


def cell_parse(text, column):
    """What a teacher typed in a cell: (attendance code, mark value).

    The first column holds attendance and a mark («о 5» is late with a
    five); the second column holds a mark only."""
    tokens = text.strip().lower().replace("/", " ").replace(",", " ").split()
    code = value = ""
    for token in tokens:
        if token in MARK_VALUES and not value:
            value = token
        elif token in ATTENDANCE_CODES and not code:
            code = token
        elif token in MARK_VALUES:
            raise CellError(_("One cell holds one mark; use the second column."))
        else:
            raise CellError(
                _(
                    "“%(value)s” is not a mark: type 1 to 5, зач or незач, "
                    "or н, б, у, о for attendance."
                )
                % {"value": token[:10]}
            )
    if code and column != 1:
        raise CellError(_("Attendance goes in the first column."))
    if code in ABSENT_CODES and value:
        raise CellError(
            _("An absent student gets no mark in this lesson; «о» (late) may.")
        )
    return code, value


def cell_text(code, value):
    return " ".join(x for x in (code, value) if x)


def cell_seen(mark, code):
    """The token a page keeps for a cell: the mark's version and the text
    shown, to tell a cell left alone from one changed under the page."""
    return (
        f"{mark.version if mark else 0}:{cell_text(code, mark.value if mark else '')}"
    )


def _untouched(cell):
    """The cell still holds what the page showed when it was loaded."""
    if cell.seen is None or ":" not in cell.seen:
        return False
    shown = cell.seen.split(":", 1)[1]
    try:
        return cell_text(*cell_parse(cell.text, cell.column)) == shown
    except CellError:
        return False


@dataclass
class Cell:
    student_id: int
    column: int
    text: str
    seen: str | None = None
    reason: str = ""
    comment: str | None = None
    work_kind: WorkKind | None = None


@dataclass
class CellResult:
    cell: Cell
    status: str  # saved, unchanged, invalid, conflict, reason
    text: str = ""
    seen: str = ""
    message: str = ""
    mark: Mark | None = None

    @property
    def ok(self):
        return self.status in ("saved", "unchanged")


@dataclass
class _Plan:
    upsert: list = field(default_factory=list)
    delete: list = field(default_factory=list)
    history: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    unmark: list = field(default_factory=list)


def lesson_students(lesson):
    """Students of the lesson's class or group on its day, each with their
    attendance code in the lesson: {student id: code}."""
    code = Attendance.objects.filter(lesson=lesson, student=OuterRef("student_id"))
    if lesson.group_id:
        rows = GroupMembership.objects.on(lesson.date).filter(group_id=lesson.group_id)
    else:
        rows = Enrolment.objects.on(lesson.date).filter(
            school_class_id=lesson.school_class_id
        )
    rows = rows.annotate(code=Subquery(code.values("code")[:1]))
    return dict(rows.values_list("student_id", "code"))


def _work_kind_of(lesson, cell):
    if cell.work_kind is not None:
        return cell.work_kind.pk, cell.work_kind.weight
    kind_id = getattr(lesson, "default_work_kind_id", None)
    if kind_id:
        return kind_id, lesson.default_work_kind_weight
    kind = default_work_kind(lesson.year.school_id)
    if kind is None:
        kind = work_kinds_load(school=lesson.year.school)[0]
        kind = default_work_kind(lesson.year.school_id)
    lesson.default_work_kind_id = kind.pk
    lesson.default_work_kind_weight = kind.weight
    return kind.pk, kind.weight


@transaction.atomic
def marks_save(*, lesson, cells, by, now=None):
    """Save cells of one lesson (one cell, or a whole column) at once.

    Each cell stands alone: a refused value, a cell changed meanwhile by
    someone else, or a mark past the edit window without a reason is
    reported in its own result while the other cells are saved. Every
    change of a mark leaves a MarkChange; changes after the school's edit
    window are flagged for the administrator."""
    now = now or timezone.now()
    window = timedelta(days=lesson.year.school.mark_edit_window_days)
    students = lesson_students(lesson)
    ids = [c.student_id for c in cells if c.student_id in students]
    marks = {
        (m.student_id, m.column): m
        for m in Mark.objects.select_for_update().filter(
            lesson=lesson, student_id__in=ids
        )
    }
    plan = _Plan()
    results = [
        _plan_cell(lesson, cell, students, marks, plan, by, now - window)
        for cell in cells
    ]
    _apply(lesson, plan, by)
    return results


def _plan_cell(lesson, cell, students, marks, plan, by, window_start):
    if cell.student_id not in students:
        return CellResult(
            cell, "invalid", message=_("The student is not in this lesson's class.")
        )
    mark = marks.get((cell.student_id, cell.column))
    old_code = (students[cell.student_id] or "") if cell.column == 1 else ""
    current = cell_text(old_code, mark.value if mark else "")
    seen = cell_seen(mark, old_code)
    comment_same = cell.comment is None or (mark and mark.comment == cell.comment)
    if _untouched(cell) and (comment_same or not mark):
        return CellResult(cell, "unchanged", text=current, seen=seen, mark=mark)
    try:
        code, value = cell_parse(cell.text, cell.column)
    except CellError as error:
        return CellResult(cell, "invalid", text=current, seen=seen, message=str(error))

    new_text = cell_text(code, value)
    if cell.seen is not None and cell.seen != seen and new_text != current:
        message = _(
            "Someone changed this cell meanwhile: it now holds “%(current)s”. "
            "Save again to replace it."
        ) % {"current": current or "—"}
        return CellResult(cell, "conflict", text=current, seen=seen, message=message)

    if cell.work_kind is None and mark is not None:
        kind_id, weight = mark.work_kind_id, mark.weight
    else:
        kind_id, weight = _work_kind_of(lesson, cell)
    mark_changes = mark is not None and (
        mark.value != value or (value and kind_id != mark.work_kind_id)
    )
    reason = cell.reason.strip()
    late = mark_changes and mark.created_at < window_start
    if late and not reason:
        return CellResult(
            cell,
            "reason",
            text=current,
            seen=seen,
            message=_(
                "This mark was set more than %(days)d days ago: "
                "give a reason to change it."
            )
            % {"days": lesson.year.school.mark_edit_window_days},
        )

    if cell.column == 1 and code != old_code:
        if code:
            plan.attendance.append(
                Attendance(
                    lesson=lesson,
                    student_id=cell.student_id,
                    code=code,
                    recorded_by=by,
                )
            )
        else:
            plan.unmark.append(cell.student_id)

    saved = _plan_mark(lesson, cell, mark, value, kind_id, weight, plan, by)
    if mark is None and value or mark_changes:
        plan.history.append(
            MarkChange(
                mark=saved,
                lesson=lesson,
                student_id=cell.student_id,
                column=cell.column,
                old_value=mark.value if mark else "",
                new_value=value,
                old_work_kind_id=mark.work_kind_id if mark else None,
                new_work_kind_id=kind_id if value else None,
                reason=reason,
                outside_edit_window=late,
                changed_by=by,
            )
        )
    touched = new_text != current or mark_changes or saved is not mark
    status = "saved" if touched else "unchanged"
    return CellResult(
        cell,
        status,
        text=new_text,
        seen=cell_seen(saved, code),
        mark=saved,
    )


def _plan_mark(lesson, cell, mark, value, kind_id, weight, plan, by):
    if not value:
        if mark is not None:
            plan.delete.append(mark.pk)
        return None
    comment = (
        cell.comment if cell.comment is not None else (mark.comment if mark else "")
    )
    unchanged = (
        mark is not None
        and mark.value == value
        and mark.work_kind_id == kind_id
        and mark.comment == comment
    )
    if unchanged:
        return mark
    saved = Mark(
        lesson=lesson,
        student_id=cell.student_id,
        column=cell.column,
        value=value,
        points=mark_points(value),
        work_kind_id=kind_id,
        weight=weight,
        comment=comment[:300],
        version=(mark.version + 1) if mark else 1,
        created_by_id=mark.created_by_id if mark else by.pk,
    )
    plan.upsert.append(saved)
    return saved


def _apply(lesson, plan, by):
    if plan.upsert:
        Mark.objects.bulk_create(
            plan.upsert,
            update_conflicts=True,
            unique_fields=["lesson", "student", "column"],
            update_fields=[
                "value",
                "points",
                "work_kind",
                "weight",
                "comment",
                "version",
                "updated_at",
            ],
        )
    if plan.delete:
        for change in plan.history:
            if change.mark is not None and change.mark.pk in plan.delete:
                change.mark = None
        Mark.objects.filter(pk__in=plan.delete).delete()
    if plan.history:
        for change in plan.history:
            change.mark_id = change.mark.pk if change.mark else None
        MarkChange.objects.bulk_create(plan.history)
        signals.send_on_commit(
            signals.mark_changed,
            sender=MarkChange,
            change_ids=[c.pk for c in plan.history],
        )
    if plan.attendance:
        Attendance.objects.bulk_create(
            plan.attendance,
            update_conflicts=True,
            unique_fields=["lesson", "student"],
            update_fields=["code", "recorded_by", "updated_at"],
        )
    if plan.unmark:
        Attendance.objects.filter(lesson=lesson, student_id__in=plan.unmark).delete()


def mark_set(*, lesson, student, value, by, column=1, work_kind=None, reason=""):
    """Set one mark, as a teacher would in one cell; raises ValidationError
    with the cell's message when it is refused."""
    mark = Mark.objects.filter(lesson=lesson, student=student, column=column).first()
    code = ""
    if column == 1:
        attendance = Attendance.objects.filter(lesson=lesson, student=student).first()
        code = attendance.code if attendance else ""
    text = cell_text(code, value)
    [result] = marks_save(
        lesson=lesson,
        cells=[
            Cell(student.pk, column, text, reason=reason, work_kind=work_kind),
        ],
        by=by,
    )
    if not result.ok:
        raise ValidationError(result.message)
    return result.mark or mark


@transaction.atomic
def mark_change_review(*, change, by):
    """The administrator has seen a change made after the edit window."""
    change.reviewed_by = by
    change.reviewed_at = timezone.now()
    change.save(update_fields=["reviewed_by", "reviewed_at"])
    return change


@transaction.atomic
def attendance_excuse(*, attendance, guardian, note):
    """A guardian's note turns an absence «н» into an excused one «у»."""
    is_guardian = Guardianship.objects.filter(
        guardian=guardian, student_id=attendance.student_id
    ).exists()
    if not is_guardian:
        raise PermissionDenied
    if attendance.code != Attendance.Code.ABSENT:
        raise ValidationError(_("Only an absence marked «н» can be excused."))
    note = note.strip()
    if not note:
        raise ValidationError(_("Write the reason of the absence."))
    attendance.code = Attendance.Code.EXCUSED
    attendance.note = note[:300]
    attendance.recorded_by = guardian
    attendance.save(update_fields=["code", "note", "recorded_by", "updated_at"])
    return attendance


# Homework


OFFICE = "application/vnd.openxmlformats-officedocument"
ALLOWED_FILE_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".doc": "application/msword",
    ".docx": f"{OFFICE}.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xlsx": f"{OFFICE}.spreadsheetml.sheet",
    ".pptx": f"{OFFICE}.presentationml.presentation",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def next_lesson_date(lesson):
    """The day of the next held lesson of the subject for the same class or
    group, where homework is due by default."""
    return (
        Lesson.objects.held()
        .of_audience(lesson.audience)
        .filter(subject_id=lesson.subject_id, date__gt=lesson.date)
        .order_by("date", "lesson_number")
        .values_list("date", flat=True)
        .first()
    )


def homework_file_check(upload):
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_FILE_TYPES:
        raise ValidationError(
            _("Files of this type cannot be attached: %(types)s only.")
            % {"types": ", ".join(sorted(ALLOWED_FILE_TYPES))}
        )
    limit = settings.HOMEWORK_FILE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(mb)d MB.") % {"mb": limit // 2**20}
        )
    return suffix


@transaction.atomic
def homework_give(*, lesson, text, by, due_date=None, student=None, files=()):
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the assignment."))
    for upload in files:
        homework_file_check(upload)
    if student is not None and student.pk not in lesson_students(lesson):
        raise ValidationError(_("The student is not in this lesson's class."))
    due = due_date or next_lesson_date(lesson) or lesson.date + timedelta(days=7)
    if due < lesson.date:
        raise ValidationError(_("Homework cannot be due before the lesson."))
    homework = Homework.objects.create(
        lesson=lesson, text=text, due_date=due, student=student, created_by=by
    )
    for upload in files:
        homework_file_add(homework=homework, upload=upload)
    signals.send_on_commit(
        signals.homework_given, sender=Homework, homework_id=homework.pk
    )
    return homework


@transaction.atomic
def homework_file_add(*, homework, upload):
    """Keep an attached file under a name of our own; it is served only
    through the access-checked download view."""
    suffix = homework_file_check(upload)
    attached = HomeworkFile(
        homework=homework,
        stored_name=f"{uuid.uuid4().hex}{suffix}",
        original_name=Path(upload.name).name[:255],
        content_type=ALLOWED_FILE_TYPES[suffix],
        size=upload.size,
    )
    attached.file.save(attached.stored_name, upload, save=False)
    attached.save()
    return attached


# Recommendations


@transaction.atomic
def recommendation_write(
    *, author, text, student=None, school_class=None, subject=None
):
    """A teacher writes to a student's guardians, or to a whole class."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the recommendation."))
    if (student is None) == (school_class is None):
        raise ValidationError(_("Choose either a student or a class."))
    recommendation = Recommendation.objects.create(
        author=author,
        text=text,
        student=student,
        school_class=school_class,
        subject=subject,
    )
    signals.send_on_commit(
        signals.recommendation_written,
        sender=Recommendation,
        recommendation_id=recommendation.pk,
    )
    return recommendation
