"""Reads of the journal that build a page: the grid, the tests calendar.

Each takes objects the caller already fetched through a visibility
queryset, and costs a fixed number of queries whatever the size of the
class or the period.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from school.models import Enrolment, GroupMembership, PeriodScheme

from .models import ASSESSED_TYPES, Attendance, Lesson, Mark
from .services import cell_seen, cell_text


def audience_kind(audience):
    return "group" if audience._meta.model_name == "studygroup" else "class"


def audience_grade(audience):
    if audience_kind(audience) == "class":
        return audience.grade
    return max((c.grade for c in audience.classes.all()), default=11)


def periods_for(audience):
    """The reporting periods of the audience's grade: quarters or halves."""
    year = audience.year
    grade = audience_grade(audience)
    scheme = year.grade_schemes.filter(grade=grade).values_list("scheme", flat=True)
    return list(
        year.periods.filter(scheme=scheme.first() or PeriodScheme.QUARTER).order_by(
            "starts_on"
        )
    )


def current_period(periods, today):
    past = [p for p in periods if p.starts_on <= today]
    return next((p for p in periods if p.contains(today)), None) or (
        past[-1] if past else periods[0] if periods else None
    )


@dataclass
class GridCell:
    student_id: int
    lesson: Lesson
    column: int
    text: str = ""
    seen: str = "0."
    enabled: bool = True
    status: str = ""
    message: str = ""
    reason_needed: bool = False
    comment: str = ""

    @property
    def key(self):
        return f"{self.student_id}-{self.column}"


@dataclass
class GridColumn:
    lesson: Lesson
    column: int


@dataclass
class GridRow:
    student: object
    cells: list = field(default_factory=list)
    average: Decimal | None = None
    weighted: Decimal | None = None
    left: bool = False


@dataclass
class Grid:
    audience: object
    subject: object
    period: object
    columns: list
    rows: list


def _members(audience, starts_on, ends_on):
    """{student: [(from, until)]} for everyone in the class or group at some
    time in the period."""
    if audience_kind(audience) == "group":
        rows = GroupMembership.objects.filter(group=audience)
    else:
        rows = Enrolment.objects.filter(school_class=audience)
    rows = rows.filter(starts_on__lte=ends_on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    spans = defaultdict(list)
    students = {}
    for row in rows.select_related("student"):
        students[row.student_id] = row.student
        spans[row.student_id].append((row.starts_on, row.ends_on))
    return students, spans


def _in_audience(spans, day):
    return any(start <= day and (end is None or day <= end) for start, end in spans)


def _averages(marks):
    counted = [m for m in marks if m.points is not None]
    if not counted:
        return None, None
    plain = Decimal(sum(m.points for m in counted)) / len(counted)
    weights = sum(m.weight for m in counted)
    weighted = sum(m.points * m.weight for m in counted) / weights if weights else None
    return plain.quantize(Decimal("0.01")), (
        weighted.quantize(Decimal("0.01")) if weighted is not None else None
    )


def journal_grid(*, audience, subject, period, overlay=None):
    """The journal of one class or group and subject over a period:
    students down, lessons across, averages at the right.

    `overlay` maps (student id, lesson id, column) to a cell result of a
    save that was refused, so the page shows what was typed and why."""
    overlay = overlay or {}
    lessons = list(
        Lesson.objects.of_audience(audience)
        .filter(subject=subject, date__range=(period.starts_on, period.ends_on))
        .order_by("date", "lesson_number")
    )
    students, spans = _members(audience, period.starts_on, period.ends_on)
    marks = list(
        Mark.objects.filter(lesson__in=[x.pk for x in lessons]).only(
            "lesson_id",
            "student_id",
            "column",
            "value",
            "points",
            "weight",
            "version",
            "comment",
        )
    )
    codes = {
        (a.student_id, a.lesson_id): a.code
        for a in Attendance.objects.filter(lesson__in=[x.pk for x in lessons])
    }
    by_cell = {(m.student_id, m.lesson_id, m.column): m for m in marks}
    second = {m.lesson_id for m in marks if m.column == 2}
    columns = [
        GridColumn(lesson, column)
        for lesson in lessons
        for column in ((1, 2) if lesson.pk in second else (1,))
    ]
    marks_of = defaultdict(list)
    for mark in marks:
        marks_of[mark.student_id].append(mark)

    rows = []
    ordered = sorted(students.values(), key=lambda s: (s.last_name, s.first_name))
    last_day = period.ends_on
    for student in ordered:
        row = GridRow(student, left=not _in_audience(spans[student.pk], last_day))
        row.average, row.weighted = _averages(marks_of[student.pk])
        for col in columns:
            key = (student.pk, col.lesson.pk, col.column)
            mark = by_cell.get(key)
            code = codes.get((student.pk, col.lesson.pk), "") if col.column == 1 else ""
            cell = GridCell(
                student.pk,
                col.lesson,
                col.column,
                text=cell_text(code, mark.value if mark else ""),
                seen=cell_seen(mark, code),
                enabled=_in_audience(spans[student.pk], col.lesson.date)
                and not col.lesson.is_cancelled,
                comment=mark.comment if mark else "",
            )
            if key in overlay:
                cell_from_result(cell, overlay[key])
            row.cells.append(cell)
        rows.append(row)
    return Grid(audience, subject, period, columns, rows)


def cell_from_result(cell, result):
    """Show a saved or refused cell: what was typed stays in a refused one."""
    cell.status = result.status
    cell.message = result.message
    cell.seen = result.seen or cell.seen
    cell.text = result.text if result.ok else result.cell.text
    cell.reason_needed = result.status == "reason"
    return cell


def tests_calendar(audience, period):
    """Tests and other assessed work of a class (with its groups) or of a
    group in a reporting period: what the guardians are told ahead."""
    lessons = Lesson.objects.held().filter(
        lesson_type__in=ASSESSED_TYPES,
        date__range=(period.starts_on, period.ends_on),
    )
    if audience_kind(audience) == "group":
        lessons = lessons.filter(group=audience)
    else:
        lessons = lessons.filter(Q(school_class=audience) | Q(group__classes=audience))
    return lessons.select_related("subject", "group").order_by("date", "lesson_number")


@lru_cache(maxsize=4096)
def _save_url(lesson_id):
    return reverse("journal:marks_save", args=[lesson_id])


def cell_html(cell, editable):
    """One cell of the grid as HTML. Built here rather than with a template
    include: a quarter's grid holds a thousand cells, and an include per
    cell would cost more than all the queries of the page."""
    classes = "cell"
    if cell.status:
        classes += f" cell-{cell.status}"
    if not cell.enabled:
        classes += " cell-off"
    if not (editable and cell.enabled):
        title = _("not in the class on that day") if not cell.enabled else ""
        return mark_safe(
            f'<td class="{classes}"><span title="{escape(title)}">'
            f"{escape(cell.text)}</span></td>"
        )

    lesson_id, key = cell.lesson.pk, cell.key
    form = f"col-{lesson_id}"
    url = _save_url(lesson_id)
    described = ""
    extra = ""
    if cell.message:
        message_id = f"message-{lesson_id}-{key}"
        described = f' aria-invalid="true" aria-describedby="{message_id}"'
        extra += (
            f'<span class="cell-message" id="{message_id}" role="alert">'
            f"{escape(cell.message)}</span>"
        )
    if cell.reason_needed:
        placeholder = escape(_("reason"))
        label = escape(_("Reason of the change"))
        extra = (
            f'<input class="reason-input" type="text" name="reason-{key}" '
            f'form="{form}" placeholder="{placeholder}" aria-label="{label}">' + extra
        )
    if cell.status == "saved":
        saved = escape(_("saved"))
        extra += (
            f'<span class="saved-mark" role="status" title="{saved}">✓'
            f'<span class="visually-hidden">{saved}</span></span>'
        )
    return mark_safe(
        f'<td class="{classes}" data-hx-post="{url}" data-hx-trigger="change" '
        f'data-hx-include="this" data-hx-target="this" '
        f'data-hx-swap="outerHTML" data-hx-sync="closest table:queue all">'
        f'<input class="cell-input" type="text" name="cell-{key}" '
        f'value="{escape(cell.text)}" form="{form}" autocomplete="off" size="4" '
        f'aria-labelledby="student-{cell.student_id} lesson-{lesson_id}-'
        f'{cell.column}"{described}>'
        f'<input type="hidden" name="seen-{key}" value="{escape(cell.seen)}" '
        f'form="{form}">{extra}</td>'
    )
