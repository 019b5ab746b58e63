"""What the cabinet reads, always starting from the asking person.

Every function takes a student that came out of `cabinet_children`, so a
child who is not the person's own never reaches a query. Each one runs a
fixed number of queries however many lessons, marks or homework there are.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import dateformat

from journal.models import (
    ASSESSED_TYPES,
    Attendance,
    Homework,
    HomeworkDone,
    Lesson,
    LessonChange,
    Mark,
    Recommendation,
    TimetableEntry,
)
from school.models import (
    Bell,
    Enrolment,
    GradeScheme,
    GroupMembership,
    Guardianship,
    Holiday,
    Period,
    PeriodScheme,
    Role,
    RoleAssignment,
    Student,
    Subject,
    TeachingAssignment,
)

from . import access, freshness, week_sql

HOMEWORK_DAYS_BACK = 14
HOMEWORK_DAYS_AHEAD = 31


@dataclass
class Child:
    """A student whose cabinet the person may open, and whether the
    consent rules let the data be shown electronically."""

    student: Student
    guardian: object
    allowed: bool
    enrolment: Enrolment = None

    @property
    def pk(self):
        return self.student.pk


def child_access(*, person, student, allowed, enrolment=None):
    guardian = None if person.pk == student.pk else person
    return Child(
        student=student, guardian=guardian, allowed=allowed, enrolment=enrolment
    )


def cabinet_children(person, *, on, snapshot=None):
    """The person's own children as a guardian, and themselves as a
    student: nobody else, whatever else the person may see as staff.
    Each comes with the class they are enrolled in on the day and whether
    their data may be shown, kept in the cache until any of it changes
    (see `freshness`)."""
    snapshot = snapshot or freshness.Snapshot.read()
    rows = snapshot.get_or_compute(
        freshness.ACCESS,
        ("children", person.pk, on.isoformat()),
        lambda: _read_children(person, on),
    )
    return [
        child_access(person=person, student=s, allowed=allowed, enrolment=e)
        for s, allowed, e in rows
    ]


def _read_children(person, on):
    """(student, allowed, enrolment on the day) for each of the person's
    children, in two queries."""
    in_force = Q(enrolments__starts_on__lte=on) & (
        Q(enrolments__ends_on__isnull=True) | Q(enrolments__ends_on__gte=on)
    )
    # The rule of Student.objects.children_of, plus the student themselves,
    # as one id subquery: an OR across the joins costs PostgreSQL more to
    # plan than to run.
    own_children = Guardianship.objects.filter(guardian=person).values("student_id")
    themselves = RoleAssignment.objects.filter(user=person, role=Role.STUDENT).values(
        "user_id"
    )
    students = (
        Student.objects.filter(pk__in=own_children.union(themselves))
        .annotate(current=FilteredRelation("enrolments", condition=in_force))
        .select_related(*(f"current__{path}" for path in PLACEMENT_PATHS))
        .order_by("-birth_date", "first_name", "pk")
    )
    students = list(students)
    allowed = access.electronic_access(person=person, students=students, on=on)
    return [(s, allowed[s.pk], s.current) for s in students]


# Where the child learns


# The homeroom teacher is read by the one page that shows them.
PLACEMENT_PATHS = ("school_class__school", "school_class__year")


def placement(child, on):
    """The child's enrolment on the day, or else the latest one before it
    (so the summer still shows last year's class)."""
    if child.enrolment is not None:
        return child.enrolment
    return (
        Enrolment.objects.filter(student=child.student, starts_on__lte=on)
        .select_related(*PLACEMENT_PATHS)
        .order_by("-starts_on")
        .first()
    )


@dataclass
class Audience:
    """The classes and groups a student learned in, each with its dates:
    read once, so lesson queries filter on plain ids and dates."""

    spans: list

    @property
    def class_ids(self):
        return [pk for kind, pk, _, _ in self.spans if kind == "class"]

    @property
    def group_ids(self):
        return [pk for kind, pk, _, _ in self.spans if kind == "group"]

    def lesson_filter(self, prefix=""):
        return Q(**{f"{prefix}school_class_id__in": self.class_ids}) | Q(
            **{f"{prefix}group_id__in": self.group_ids}
        )

    def attends(self, lesson):
        kind, pk = (
            ("class", lesson.school_class_id)
            if lesson.school_class_id
            else ("group", lesson.group_id)
        )
        return any(
            k == kind
            and p == pk
            and start <= lesson.date
            and (end is None or end >= lesson.date)
            for k, p, start, end in self.spans
        )

    def lessons(self, queryset):
        """The lessons of `queryset` the student attended, as a list."""
        rows = queryset.filter(self.lesson_filter())
        return [lesson for lesson in rows if self.attends(lesson)]


def audience_of(student, snapshot=None):
    """The student's classes and groups with their dates; kept in the
    cache with the person's children when the page read a snapshot."""
    if snapshot is not None:
        return snapshot.get_or_compute(
            freshness.ACCESS, ("audience", student.pk), lambda: audience_of(student)
        )
    columns = ("kind", "target", "starts_on", "ends_on")
    classes = (
        Enrolment.objects.filter(student=student)
        .annotate(kind=Value("class"), target=F("school_class_id"))
        .order_by()
        .values_list(*columns)
    )
    groups = (
        GroupMembership.objects.filter(student=student)
        .annotate(kind=Value("group"), target=F("group_id"))
        .order_by()
        .values_list(*columns)
    )
    return Audience(spans=list(classes.union(groups, all=True)))


def _kept(snapshot, parts, compute):
    """The school calendar's `compute()`, from the cache when the page read
    a snapshot of the generations."""
    if snapshot is None:
        return compute()
    return snapshot.get_or_compute(freshness.CALENDAR, parts, compute)


def bells_of(school, snapshot=None):
    # By number alone: the model's own ordering joins the school to sort.
    return _kept(
        snapshot,
        ("bells", school.pk),
        lambda: {
            b.number: b for b in Bell.objects.filter(school=school).order_by("number")
        },
    )


def bell_time(bell):
    """08:30–09:15, worked out once per bell object."""
    try:
        return bell.time_label
    except AttributeError:
        bell.time_label = f"{bell.starts_at:%H:%M}–{bell.ends_at:%H:%M}"
        return bell.time_label


def week_of(day):
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


# The diary week


@dataclass
class DiaryLine:
    lesson: Lesson
    bell: Bell = None
    marks: list = field(default_factory=list)
    attendance: Attendance = None
    homework: list = field(default_factory=list)
    moved_away: bool = False

    @property
    def changes(self):
        return self.lesson.change_list

    @cached_property
    def change_kinds(self):
        kinds = {c.kind for c in self.changes}
        lesson = self.lesson
        if lesson.is_cancelled:
            kinds.add(LessonChange.Kind.CANCELLATION)
        if (lesson.date, lesson.lesson_number) != (
            lesson.planned_date,
            lesson.planned_lesson_number,
        ):
            kinds.add(LessonChange.Kind.MOVE)
        if lesson.teacher_id != lesson.planned_teacher_id:
            kinds.add(LessonChange.Kind.SUBSTITUTION)
        return [kind for kind in LessonChange.Kind if kind in kinds]

    @property
    def bell_time(self):
        """08:30–09:15: formatted here, as the template's time filter costs
        more than the rest of the line."""
        if self.bell is None:
            return ""
        return bell_time(self.bell)

    @property
    def room_changed(self):
        return self.lesson.room != self.lesson.planned_room


@dataclass
class DiaryDay:
    day: date
    lines: list = field(default_factory=list)
    homework_due: list = field(default_factory=list)
    holidays: list = field(default_factory=list)

    @property
    def is_weekend(self):
        return self.day.weekday() >= 5

    @property
    def anchor(self):
        return f"day-{self.day:%Y%m%d}"

    @property
    def heading(self):
        """«Понедельник, 23 ноября»: the day's name and date."""
        name = dateformat.format(self.day, "l")
        return f"{name[:1].upper()}{name[1:]}, {dateformat.format(self.day, 'j E')}"


PERSON_NAME = ("last_name", "first_name", "patronymic")
LESSON_FIELDS = (
    "id",
    "school_class_id",
    "group_id",
    "date",
    "lesson_number",
    "planned_date",
    "planned_lesson_number",
    "teacher_id",
    "planned_teacher_id",
    "room",
    "planned_room",
    "is_cancelled",
    "topic",
    "lesson_type",
    "subject__name",
    "subject__short_name",
    "subject__school_id",
    *(f"teacher__{name}" for name in PERSON_NAME),
    *(f"planned_teacher__{name}" for name in PERSON_NAME),
)


def with_changes(lessons):
    """Lessons with what a page shows of them; `week_sql.read_changes` adds
    their changes once they are read."""
    lessons = lessons.select_related("subject", "teacher", "planned_teacher")
    return lessons.only(*LESSON_FIELDS)


def _homework_for(student):
    """Homework for the whole audience or the student alone, with the
    subject, the lesson's number and whether it is done. The lesson's
    fields come from subqueries on its key: a join here makes PostgreSQL
    scan all lessons."""
    done = HomeworkDone.objects.filter(homework=OuterRef("pk"), student=student)
    lesson = Lesson.objects.filter(pk=OuterRef("lesson_id")).order_by()
    return (
        Homework.objects.order_by("due_date", "pk")
        .filter(Q(student__isnull=True) | Q(student=student))
        .annotate(
            is_done=Exists(done),
            subject_name=Subquery(lesson.values("subject__name")[:1]),
            lesson_number=Subquery(lesson.values("lesson_number")[:1]),
        )
    )


# Homework due in a span is looked for among the lessons of four months
# before it.
RECENT_DAYS = 120


def _recent_lessons(audience, start, end):
    """Ids of the audience's lessons from four months before `start`."""
    lessons = Lesson.objects.filter(
        audience.lesson_filter(), date__range=(start - timedelta(days=RECENT_DAYS), end)
    )
    return lessons.order_by().values("pk")


def diary_week(student, *, school, year, grade, day, snapshot=None):
    """The days of the week around `day`, each with its lessons, marks,
    attendance, homework and changes."""
    monday, sunday = week_of(day)
    audience = audience_of(student, snapshot)
    lessons = week_sql.week_lessons(student, audience, monday, sunday)
    lessons = week_sql.read_changes(lessons)
    ids = [lesson.pk for lesson in lessons]

    marks = week_sql.week_marks(student, lessons, MarkRow)
    homework = week_sql.week_homework(
        student,
        audience,
        ids,
        monday,
        sunday,
        given_since=monday - timedelta(days=RECENT_DAYS),
    )
    bells = bells_of(school, snapshot)
    holidays = [
        h
        for h in holidays_for(year, grade, snapshot)
        if h.starts_on <= sunday and h.ends_on >= monday
    ]
    return _arrange_week(monday, lessons, bells, marks, homework, holidays)


def _arrange_week(monday, lessons, bells, marks, homework, holidays):
    days = [DiaryDay(day=monday + timedelta(days=n)) for n in range(7)]
    by_day = {d.day: d for d in days}
    lines = {}
    for lesson in lessons:
        line = DiaryLine(lesson=lesson, bell=bells.get(lesson.lesson_number))
        if lesson.attendance_code:
            line.attendance = Attendance(
                pk=lesson.attendance_pk,
                lesson_id=lesson.pk,
                code=lesson.attendance_code,
            )
        lines[lesson.pk] = line
        if lesson.date in by_day:
            by_day[lesson.date].lines.append(line)
        if lesson.planned_date != lesson.date and lesson.planned_date in by_day:
            ghost = DiaryLine(
                lesson=lesson,
                bell=bells.get(lesson.planned_lesson_number),
                moved_away=True,
            )
            by_day[lesson.planned_date].lines.append(ghost)
    for mark in marks:
        lines[mark.lesson_id].marks.append(mark)
    for work in homework:
        if work.lesson_id in lines:
            lines[work.lesson_id].homework.append(work)
        if work.due_date in by_day:
            by_day[work.due_date].homework_due.append(work)
    for diary_day in days:
        diary_day.lines.sort(key=_line_order)
        diary_day.holidays = [
            h for h in holidays if h.starts_on <= diary_day.day <= h.ends_on
        ]
    return [d for d in days if not d.is_weekend or d.lines or d.homework_due]


def _line_order(line):
    lesson = line.lesson
    number = lesson.planned_lesson_number if line.moved_away else lesson.lesson_number
    return (number, line.moved_away, lesson.subject.name)


# Periods and marks


def periods_for(year, grade, snapshot=None):
    """The reporting periods of the grade's scheme in the year."""

    def read():
        scheme = GradeScheme.objects.filter(year=year, grade=grade)
        periods = Period.objects.filter(
            year=year,
            scheme=Coalesce(
                Subquery(scheme.values("scheme")[:1]), Value(PeriodScheme.QUARTER)
            ),
        )
        return list(periods.order_by("starts_on"))

    return _kept(snapshot, ("periods", year.pk, grade), read)


def choose_period(periods, *, wanted, day):
    """The period asked for, else the one holding the day, else the last
    one that started before it, else the first."""
    by_pk = {p.pk: p for p in periods}
    if wanted in by_pk:
        return by_pk[wanted]
    current = [p for p in periods if p.starts_on <= day]
    return next((p for p in current if p.contains(day)), None) or (
        current[-1] if current else (periods[0] if periods else None)
    )


@dataclass
class SubjectMarks:
    subject: object
    marks: list = field(default_factory=list)

    @property
    def numeric(self):
        return [m for m in self.marks if m.points is not None]

    @property
    def average(self):
        numbers = [m.points for m in self.numeric]
        return sum(numbers) / len(numbers) if numbers else None

    @property
    def weighted_average(self):
        """Σ(mark × weight) / Σ weight over marks that count as numbers."""
        weights = sum(m.weight for m in self.numeric)
        if not weights:
            return None
        return float(sum(m.points * m.weight for m in self.numeric) / weights)


@dataclass(slots=True)
class MarkRow:
    """A mark as the cabinet shows it: read as plain values, since a
    year's page holds hundreds of them."""

    lesson_id: int
    value: str
    points: int
    weight: Decimal
    column: int
    comment: str
    date: date
    topic: str
    subject_id: int
    subject_name: str
    work_kind: str


MARK_COLUMNS = (
    "lesson_id",
    "value",
    "points",
    "weight",
    "column",
    "comment",
    "lesson__date",
    "lesson__topic",
    "lesson__subject_id",
    "lesson__subject__name",
    "work_kind__name",
)


def mark_rows(marks):
    return [MarkRow(*row) for row in marks.values_list(*MARK_COLUMNS)]


def marks_in(student, period, subject=None, *, audience):
    """The child's marks of the period in the lessons of their classes and
    groups, in date order. Naming the lessons by the audience lets
    PostgreSQL start from the child's marks instead of hashing every
    lesson of the period."""
    lessons = Lesson.objects.filter(
        audience.lesson_filter(), date__range=(period.starts_on, period.ends_on)
    )
    if subject is not None:
        lessons = lessons.filter(subject=subject)
    marks = Mark.objects.filter(student=student, lesson_id__in=lessons.values("pk"))
    return mark_rows(marks.order_by("lesson__date", "lesson__lesson_number", "column"))


def marks_by_subject(student, *, period, subjects, audience):
    """Every subject the child studies, with the period's marks in date
    order; a subject with marks but no assignment still shows."""
    rows = {s.pk: SubjectMarks(subject=s) for s in subjects}
    for mark in marks_in(student, period, audience=audience):
        row = rows.get(mark.subject_id)
        if row is None:
            subject = Subject(pk=mark.subject_id, name=mark.subject_name)
            row = rows[mark.subject_id] = SubjectMarks(subject=subject)
        row.marks.append(mark)
    return sorted(rows.values(), key=lambda r: r.subject.name)


def assignments_for(student, *, enrolment, on):
    """Who teaches the child: the class's teachers, those of the child's
    groups and streams, and of an individual plan."""
    groups = GroupMembership.objects.on(on).filter(student=student).values("group_id")
    return (
        TeachingAssignment.objects.filter(year_id=enrolment.school_class.year_id)
        .filter(
            Q(school_class_id=enrolment.school_class_id)
            | Q(group_id__in=groups)
            | Q(individual_plan__student=student)
        )
        .select_related(
            "teacher", "subject", "group", "school_class", "individual_plan"
        )
        .order_by("subject__name", "teacher__last_name")
    )


def subjects_of(student, *, enrolment, on, snapshot=None):
    """The subjects the child is taught; kept in the cache with the
    person's children when the page read a snapshot."""
    if snapshot is not None:
        return snapshot.get_or_compute(
            freshness.ACCESS,
            ("subjects", student.pk, enrolment.pk, on.isoformat()),
            lambda: subjects_of(student, enrolment=enrolment, on=on),
        )
    assignments = assignments_for(student, enrolment=enrolment, on=on)
    return list(
        Subject.objects.filter(pk__in=assignments.values("subject_id")).order_by()
    )


# The timetable, the tests, the year


def timetable_week(student, *, school, day, snapshot=None):
    """The weekly slots in force in the week, with this week's lessons
    laid over them so every change shows next to the plan."""
    monday, sunday = week_of(day)
    audience = audience_of(student, snapshot)
    entries = (
        TimetableEntry.objects.filter(audience.lesson_filter(), valid_from__lte=sunday)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=monday))
        .select_related("subject", "teacher")
    )
    entries = [e for e in entries if _in_force(audience, e, monday, sunday)]
    in_week = Q(date__range=(monday, sunday)) | Q(planned_date__range=(monday, sunday))
    lessons = audience.lessons(with_changes(Lesson.objects.filter(in_week)))
    changed = [
        DiaryLine(lesson=lesson)
        for lesson in week_sql.read_changes(lessons)
        if lesson.is_changed or lesson.change_list
    ]
    return monday, entries, changed, bells_of(school, snapshot)


def _in_force(audience, entry, monday, sunday):
    kind, pk = (
        ("class", entry.school_class_id)
        if entry.school_class_id
        else ("group", entry.group_id)
    )
    return any(
        k == kind and p == pk and start <= sunday and (end is None or end >= monday)
        for k, p, start, end in audience.spans
    )


def tests_in(student, period):
    lessons = Lesson.objects.filter(
        date__range=(period.starts_on, period.ends_on),
        lesson_type__in=ASSESSED_TYPES,
    )
    lessons = lessons.select_related("subject").order_by("date", "lesson_number")
    return audience_of(student).lessons(lessons)


def holidays_for(year, grade, snapshot=None):
    """The grade's holidays of the year, by start."""

    def read():
        holidays = Holiday.objects.filter(
            year=year, grade_from__lte=grade, grade_to__gte=grade
        )
        return list(holidays.order_by("starts_on"))

    return _kept(snapshot, ("holidays", year.pk, grade), read)


# Homework and recommendations


def homework_list(student, *, day):
    """Homework due from two weeks back to a month ahead, by due date."""
    start = day - timedelta(days=HOMEWORK_DAYS_BACK)
    end = day + timedelta(days=HOMEWORK_DAYS_AHEAD)
    audience = audience_of(student)
    return list(
        _homework_for(student)
        .filter(
            due_date__range=(start, end),
            lesson_id__in=_recent_lessons(audience, start, end),
        )
        .order_by("due_date", "lesson_number", "pk")
    )


def homework_of(student, pk):
    """One piece of homework the child was given, or None."""
    work = (
        Homework.objects.filter(Q(student__isnull=True) | Q(student=student), pk=pk)
        .select_related("lesson")
        .first()
    )
    if work and audience_of(student).attends(work.lesson):
        return work
    return None


def recommendations_for(student, *, limit=100):
    classes = Enrolment.objects.filter(student=student).values("school_class_id")
    return (
        Recommendation.objects.filter(
            Q(student=student) | Q(school_class_id__in=classes)
        )
        .select_related("author", "subject", "school_class")
        .order_by("-created_at")[:limit]
    )


# Today, across all the children


@dataclass
class TodayLine:
    child: Child
    line: DiaryLine


def today_for(children, *, day):
    """Today's lessons of every child the data may be shown for, each line
    with its child; homework due today and tomorrow; today's marks."""
    allowed = [c for c in children if c.allowed]
    students = [c.student for c in allowed]
    members = list(GroupMembership.objects.on(day).filter(student__in=students))
    class_of = {c.pk: c.enrolment.school_class_id for c in allowed if c.enrolment}
    groups_of = {}
    for m in members:
        groups_of.setdefault(m.student_id, set()).add(m.group_id)

    lessons = week_sql.read_changes(
        list(
            with_changes(
                Lesson.objects.filter(
                    Q(school_class_id__in=class_of.values())
                    | Q(group_id__in=[m.group_id for m in members]),
                    date=day,
                )
            )
        )
    )
    ids = [lesson.pk for lesson in lessons]
    marks = Mark.objects.filter(student__in=students, lesson_id__in=ids)
    marks = [
        (student_id, MarkRow(*row))
        for student_id, *row in marks.values_list("student_id", *MARK_COLUMNS)
    ]
    absences = list(Attendance.objects.filter(student__in=students, lesson_id__in=ids))
    homework = list(
        Homework.objects.filter(
            Q(lesson__school_class_id__in=class_of.values())
            | Q(lesson__group_id__in=[m.group_id for m in members]),
            due_date__range=(day, day + timedelta(days=1)),
        )
        .select_related("lesson__subject")
        .order_by("due_date", "lesson__lesson_number")
    )
    schools = {lesson.subject.school_id for lesson in lessons}
    bells = {
        (b.school_id, b.number): b for b in Bell.objects.filter(school__in=schools)
    }
    return _arrange_today(
        allowed, class_of, groups_of, lessons, marks, absences, homework, bells
    )


def _arrange_today(
    allowed, class_of, groups_of, lessons, marks, absences, homework, bells
):
    lines, due = [], []
    for child in allowed:
        mine = class_of.get(child.pk), groups_of.get(child.pk, set())
        for lesson in lessons:
            if lesson.school_class_id == mine[0] or lesson.group_id in mine[1]:
                bell = bells.get((lesson.subject.school_id, lesson.lesson_number))
                line = DiaryLine(lesson=lesson, bell=bell)
                line.marks = [
                    m
                    for student_id, m in marks
                    if m.lesson_id == lesson.pk and student_id == child.pk
                ]
                line.attendance = next(
                    (
                        a
                        for a in absences
                        if a.lesson_id == lesson.pk and a.student_id == child.pk
                    ),
                    None,
                )
                lines.append(TodayLine(child=child, line=line))
        for work in homework:
            ours = work.lesson.school_class_id == mine[0] or (
                work.lesson.group_id in mine[1]
            )
            if ours and work.student_id in (None, child.pk):
                due.append(TodayLine(child=child, line=work))
    lines.sort(key=lambda t: (t.line.lesson.lesson_number, t.child.student.first_name))
    return lines, due
