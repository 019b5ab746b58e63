"""A lesson line of the diary, the today view and the timetable's changes,
and a row of mark chips, built in Python.

A week holds forty lines and a period's page hundreds of marks; as a
template included once per line they cost more than everything else on
the page, and so does `format_html` called for every fragment. The writer
here escapes every value with `html.escape` (what Django's own escaping
does underneath) and joins plain strings, marking the result safe once.
`LineWriter` translates its words once per page.
"""

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from journal.models import Attendance, LessonChange, LessonType

from . import labels

MOVE = LessonChange.Kind.MOVE
SUBSTITUTION = LessonChange.Kind.SUBSTITUTION


def mark_chips(marks, weight_word=None, chips=None):
    """The marks as coloured chips, the weight below when it is not 1.
    Each different chip is written once (`chips` may be shared by a whole
    page): most marks look like another."""
    weight_word = weight_word or escape(gettext("weight"))
    chips = {} if chips is None else chips
    parts = []
    for mark in marks:
        key = (mark.points, mark.work_kind, mark.weight, mark.value)
        chip = chips.get(key)
        if chip is None:
            chip = chips[key] = _chip(mark, weight_word)
        parts.append(chip)
    return mark_safe("".join(parts))


def _chip(mark, weight_word):
    weight = escape(number_format(mark.weight.normalize()))
    sub = "" if mark.weight == 1 else f"<sub>×{weight}</sub>"
    return (
        f'<span class="mark mark-{escape(str(mark.points or "x"))}" '
        f'title="{escape(mark.work_kind)}, {weight_word} {weight}">'
        f"{escape(mark.value)}{sub}</span>"
    )


def average(value):
    """Two decimals in the active language (4,25), or a dash: what the
    floatformat:2 filter prints, without its cost per call."""
    if value is None:
        return "—"
    rounded = Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return number_format(rounded, 2)


class SubjectWriter:
    """Writes the subject rows of the marks page: the subject with its
    link, every mark as a chip, the plain and the weighted average."""

    def __init__(self, *, student, period):
        self.student = student
        self.period = period
        self.weight = escape(gettext("weight"))
        self.no_marks = escape(gettext("No marks yet"))
        self.average = escape(gettext("Average"))
        self.weighted = escape(pgettext("diary", "Weighted"))
        self.chips = {}

    def row(self, row):
        url = reverse("cabinet:subject_marks", args=[self.student.pk, row.subject.pk])
        chips = mark_chips(row.marks, self.weight, self.chips)
        if not row.marks:
            chips = f'<span class="muted">{self.no_marks}</span>'
        return mark_safe(
            f'<section class="subject-row card"><h2 class="subject-name">'
            f'<a href="{escape(url)}?period={self.period.pk}">'
            f"{escape(row.subject.name)}</a></h2>"
            f'<div class="subject-marks">{chips}</div>'
            f'<dl class="averages"><div><dt>{self.average}</dt>'
            f"<dd>{average(row.average)}</dd></div>"
            f"<div><dt>{self.weighted}</dt>"
            f'<dd class="weighted">{average(row.weighted_average)}</dd></div>'
            f"</dl></section>"
        )


def _text(value):
    """Escaped, with line breaks kept as <br> (the linebreaksbr filter)."""
    lines = escape(value).replace("\r\n", "\n").replace("\r", "\n")
    return lines.replace("\n", "<br>")


class LineWriter:
    """Writes lesson lines in the language active when it was made."""

    def __init__(self):
        words = labels.line_words()
        self.homework = escape(words["homework"])
        self.room = escape(words["room"])
        self.was = escape(words["was"])
        self.due = escape(words["due"])
        self.explain = escape(gettext("Explain the absence"))
        self.weight = escape(gettext("weight"))
        self.chips = {}
        self.kinds = {k: escape(str(v)) for k, v in labels.CHANGE_KINDS.items()}
        self.types = {k: escape(str(v)) for k, v in labels.LESSON_TYPES.items()}
        self.attendance = {k: escape(str(v)) for k, v in labels.ATTENDANCE.items()}
        self.dates = {}

    def line(self, line, *, guardian=False, label=""):
        """One <li>: `guardian` adds the link to explain an absence,
        `label` names the child on a view of several children."""
        lesson = line.lesson
        kinds = line.change_kinds
        classes = "lesson"
        if kinds:
            classes += " changed"
        if lesson.is_cancelled or line.moved_away:
            classes += " gone"
        number = (
            lesson.planned_lesson_number if line.moved_away else lesson.lesson_number
        )
        bell = f'<span class="bell">{line.bell_time}</span>' if line.bell else ""
        body = self._moved_away(line) if line.moved_away else self._held(line, kinds)
        return mark_safe(
            f'<li class="{classes}"><div class="lesson-time">'
            f'<span class="lesson-number">{number}</span>{bell}</div>'
            f'<div class="lesson-main"><div class="lesson-head">'
            f"{self._head(line, guardian, label)}</div>{body}</div></li>"
        )

    def _day(self, value, pattern):
        key = (value, pattern)
        if key not in self.dates:
            self.dates[key] = escape(dateformat.format(value, pattern))
        return self.dates[key]

    def _head(self, line, guardian, label):
        lesson = line.lesson
        parts = []
        if label:
            parts.append(f'<span class="child-tag">{escape(label)}</span>')
        parts.append(f'<strong class="subject">{escape(lesson.subject.name)}</strong>')
        if lesson.lesson_type != LessonType.ORDINARY:
            kind = self.types.get(lesson.lesson_type) or escape(lesson.lesson_type)
            parts.append(f'<span class="badge badge-test">{kind}</span>')
        if not line.moved_away:
            chips = mark_chips(line.marks, self.weight, self.chips)
            parts.append(f'<span class="lesson-marks">{chips}</span>')
            row = line.attendance
            if row is not None:
                word = self.attendance.get(row.code) or escape(row.code)
                parts.append(
                    f'<span class="attendance">{escape(row.code)} · {word}</span>'
                )
                if guardian and row.code == Attendance.Code.ABSENT:
                    url = reverse("journal:attendance_excuse", args=[row.pk])
                    parts.append(
                        f'<a class="excuse no-print" href="{escape(url)}">'
                        f"{self.explain}</a>"
                    )
        return " ".join(parts)

    def _reasons(self, line, kind):
        return "".join(f" — {escape(c.reason)}" for c in line.changes if c.kind == kind)

    def _moved_away(self, line):
        lesson = line.lesson
        where = gettext("to %(day)s, lesson %(number)s") % {
            "day": dateformat.format(lesson.date, "j E, D").lower(),
            "number": lesson.lesson_number,
        }
        return (
            f'<p class="change change-move"><span class="change-kind">'
            f"{self.kinds[MOVE]}</span> {escape(where)}"
            f"{self._reasons(line, MOVE)}</p>"
        )

    def _held(self, line, kinds):
        lesson = line.lesson
        parts = [f'<p class="lesson-meta">{self._meta(line)}</p>']
        if lesson.topic:
            parts.append(f'<p class="lesson-topic">{escape(lesson.topic)}</p>')
        for kind in kinds:
            parts.append(
                f'<p class="change change-{kind.value}">'
                f'<span class="change-kind">{self.kinds[kind]}</span> '
                f"{escape(self._change_detail(lesson, kind))}"
                f"{self._reasons(line, kind)}</p>"
            )
        for work in line.homework:
            parts.append(
                f'<p class="homework-given"><span class="hw-label">{self.homework}'
                f"</span> {_text(work.text)} "
                f'<span class="muted">({self.due} '
                f"{self._day(work.due_date, 'j E')})</span></p>"
            )
        return "".join(parts)

    def _meta(self, line):
        lesson = line.lesson
        teacher = escape(lesson.teacher.short_name)
        if not lesson.room:
            return teacher
        was = ""
        if line.room_changed and lesson.planned_room:
            was = (
                f' <span class="was">({self.was} {escape(lesson.planned_room)})</span>'
            )
        return f"{teacher} · {self.room} {escape(lesson.room)}{was}"

    def _change_detail(self, lesson, kind):
        if kind == SUBSTITUTION:
            return gettext("instead of %(teacher)s") % {
                "teacher": lesson.planned_teacher.short_name
            }
        if kind == MOVE:
            return gettext("from %(day)s, lesson %(number)s") % {
                "day": dateformat.format(lesson.planned_date, "j E, D").lower(),
                "number": lesson.planned_lesson_number,
            }
        return ""


class DayWriter:
    """Writes the days of the diary week, each with its lines, holidays
    and the homework due, as the page's template would."""

    def __init__(self, *, today, guardian):
        self.writer = LineWriter()
        self.today = today
        self.guardian = guardian
        self.today_badge = escape(gettext("today"))
        self.no_lessons = escape(gettext("No lessons."))
        self.due_title = escape(gettext("Homework due this day"))
        self.done = escape(gettext("done"))

    def days(self, days):
        return mark_safe("".join(self._day(day) for day in days))

    def _day(self, day):
        is_today = day.day == self.today
        badge = f' <span class="badge">{self.today_badge}</span>' if is_today else ""
        parts = [
            f'<section class="day card{" today" if is_today else ""}" '
            f'aria-labelledby="{day.anchor}">'
            f'<h2 id="{day.anchor}" class="day-title">{escape(day.heading)}{badge}</h2>'
        ]
        parts.extend(f'<p class="holiday">{escape(h.name)}</p>' for h in day.holidays)
        if day.lines:
            lines = "".join(
                self.writer.line(line, guardian=self.guardian) for line in day.lines
            )
            parts.append(f'<ol class="lessons">{lines}</ol>')
        elif not day.holidays:
            parts.append(f'<p class="muted">{self.no_lessons}</p>')
        if day.homework_due:
            parts.append(
                f'<div class="due"><h3>{self.due_title}</h3><ul class="homework-due">'
            )
            for work in day.homework_due:
                done = f' <span class="badge badge-ok">{self.done}</span>'
                parts.append(
                    f'<li class="{"done" if work.is_done else ""}">'
                    f"<strong>{escape(work.subject_name or '')}:</strong> "
                    f"{_text(work.text)}{done if work.is_done else ''}</li>"
                )
            parts.append("</ul></div>")
        parts.append("</section>")
        return "".join(parts)
