"""The journal of the demo school: a timetable, the lessons of the year,
and what teachers recorded in them up to today (or the whole year for a
benchmark school), all written with bulk inserts.

Marks written here leave no MarkChange rows (they are the starting state
of the demo, not teachers' edits), except a few changed marks that show
the history and the administrator's list of late changes.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from school.models import (
    CurriculumHours,
    Enrolment,
    GroupMembership,
    Role,
    RoleAssignment,
    StudyGroup,
    TeachingAssignment,
)

from .models import (
    Attendance,
    Homework,
    HomeworkDone,
    Lesson,
    LessonChange,
    LessonType,
    Mark,
    MarkChange,
    Recommendation,
    TimetableEntry,
    mark_points,
)
from .services import lessons_plan, work_kinds_load

DAYS = range(1, 6)
LESSONS_A_DAY = 7
PASS_FAIL_SUBJECTS = {"ОРКСЭ", "ОДНКНР"}
LAB_SUBJECTS = {"Физ.", "Хим.", "Биол."}
TOPIC_PATTERNS = [
    "Повторение пройденного",
    "Новый материал: § {n}",
    "Решение задач по теме § {n}",
    "Закрепление: упражнения к § {n}",
    "Работа с текстом § {n}",
    "Обобщение по теме § {n}",
]
HOMEWORK_PATTERNS = [
    "§ {n}, вопросы 1–4",
    "Упражнения {n}, {m}",
    "§ {n} читать, задачи {m}–{k}",
    "Выучить определения § {n}",
    "Подготовить сообщение по теме § {n}",
]
RECOMMENDATIONS = [
    "Обратите внимание на регулярность выполнения домашних заданий.",
    "Рекомендую дополнительно повторить материал последних параграфов.",
    "Хорошая работа на уроках, так держать.",
    "Стоит подготовиться к контрольной работе: повторить задачи на уроках.",
]
CLASS_RECOMMENDATIONS = [
    "Напоминаю о контрольной работе на следующей неделе.",
    "Просьба проверить наличие учебников и тетрадей у детей.",
]
REASONS = {
    LessonChange.Kind.SUBSTITUTION: "Болезнь учителя",
    LessonChange.Kind.MOVE: "Перенос по заявлению учителя",
    LessonChange.Kind.CANCELLATION: "Карантин в классе",
}


MARK_FIELDS = [
    "lesson",
    "student",
    "column",
    "value",
    "points",
    "work_kind",
    "weight",
    "comment",
    "version",
    "created_by",
    "created_at",
    "updated_at",
]
ATTENDANCE_FIELDS = ["lesson", "student", "code", "note", "recorded_by", "updated_at"]
LESSON_FIELDS = [
    "year",
    "subject",
    "school_class",
    "group",
    "timetable_entry",
    "planned_date",
    "planned_lesson_number",
    "planned_teacher",
    "planned_room",
    "date",
    "lesson_number",
    "teacher",
    "room",
    "is_cancelled",
    "topic",
    "lesson_type",
]


def insert_rows(model, fields, rows):
    """Insert many rows given as tuples: COPY on PostgreSQL, which is several
    times faster than INSERT for the hundreds of thousands of marks of a
    benchmark school; bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        names = [model._meta.get_field(f).attname for f in fields]
        model.objects.bulk_create(
            (model(**dict(zip(names, row, strict=True))) for row in rows),
            batch_size=2000,
        )
        return
    columns = ", ".join(
        connection.ops.quote_name(model._meta.get_field(f).column) for f in fields
    )
    table = connection.ops.quote_name(model._meta.db_table)
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def insert_lessons(lessons):
    """Insert unsaved lessons and give each its primary key."""
    rows = [
        tuple(getattr(x, Lesson._meta.get_field(f).attname) for f in LESSON_FIELDS)
        for x in lessons
    ]
    insert_rows(Lesson, LESSON_FIELDS, rows)
    slot = {
        (
            x.school_class_id,
            x.group_id,
            x.subject_id,
            x.planned_date,
            x.planned_lesson_number,
        ): x
        for x in lessons
    }
    saved = (
        Lesson.objects.filter(year_id=lessons[0].year_id).values_list(
            "pk",
            "school_class_id",
            "group_id",
            "subject_id",
            "planned_date",
            "planned_lesson_number",
        )
        if lessons
        else []
    )
    for pk, *key in saved:
        lesson = slot.get(tuple(key))
        if lesson is not None:
            lesson.pk = pk


def populate(ctx):
    staff = Group.objects.filter(name="School administrators").first()
    if staff is not None:
        staff.permissions.add(
            *Permission.objects.filter(content_type__app_label="journal")
        )
    journal = _Journal(ctx)
    journal.timetable()
    journal.lessons()
    journal.changes()
    journal.marks_and_attendance()
    journal.homework()
    journal.recommendations()
    return ctx


class _Journal:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.kinds = {k.short_name: k for k in work_kinds_load(school=ctx.school)}
        ends = ctx.year.periods.aggregate(last=Max("ends_on"))["last"]
        self.data_until = ends if ctx.full_year else min(ctx.today, ends)
        self.author = (
            RoleAssignment.objects.filter(school=ctx.school, role=Role.ADMIN)
            .select_related("user")
            .first()
        )

    # The timetable: every class and group gets its weekly hours from the
    # curriculum, placed so that no class or teacher is in two places.

    def timetable(self):
        ctx = self.ctx
        hours = self._weekly_hours()
        assignments = TeachingAssignment.objects.filter(
            year=ctx.year, individual_plan__isnull=True
        ).select_related("subject", "group")
        class_units, group_units = defaultdict(list), defaultdict(list)
        for a in assignments:
            if a.school_class_id:
                count = hours.get((a.school_class_id, a.subject_id), 0)
                class_units[a.school_class_id] += [(a, None)] * round(count)
            else:
                group_units[a.group_id].append(a)
        groups = StudyGroup.objects.filter(year=ctx.year).prefetch_related("classes")
        self.busy_class = defaultdict(set)
        self.busy_teacher = defaultdict(set)
        self.subgroup_slots = {}
        entries = []
        for school_class in ctx.classes:
            units = class_units[school_class.pk]
            self.rng.shuffle(units)
            entries += self._place(units, [school_class.pk], school_class)
        for group in self._groups_by_size(groups):
            classes = [c.pk for c in group.classes.all()]
            units = group_units[group.pk]
            count = hours.get((classes[0], group.subject_id), 1) if classes else 1
            entries += self._place(
                [(a, group) for a in units] * round(count), classes, None
            )
        TimetableEntry.objects.bulk_create(entries)

    def _weekly_hours(self):
        first_periods = CurriculumHours.objects.filter(
            period__year=self.ctx.year, period__number=1, school_class__isnull=False
        )
        hours = {}
        for line in first_periods.values(
            "school_class_id", "subject_id", "weekly_hours"
        ):
            hours[(line["school_class_id"], line["subject_id"])] = float(
                line["weekly_hours"]
            )
        return hours

    def _groups_by_size(self, groups):
        """The English subgroups of a class sit in the same slot; a stream
        across classes comes last."""
        return sorted(groups, key=lambda g: (g.kind == StudyGroup.Kind.STREAM, g.pk))

    def _place(self, units, class_ids, school_class):
        entries = []
        for assignment, group in units:
            day, number = slot = self._slot(assignment, group, class_ids)
            self.busy_teacher[assignment.teacher_id].add(slot)
            for class_id in class_ids:
                self.busy_class[class_id].add(slot)
            entries.append(
                TimetableEntry(
                    year=self.ctx.year,
                    weekday=day,
                    lesson_number=number,
                    subject_id=assignment.subject_id,
                    teacher_id=assignment.teacher_id,
                    school_class=school_class,
                    group=group,
                    room=self._room(assignment, class_ids, group),
                    valid_from=self.ctx.year.starts_on,
                )
            )
        return entries

    def _slot(self, assignment, group, class_ids):
        """A free slot for the class(es) and the teacher: the subject spread
        over the week, the day kept short and without gaps."""
        if group is not None and group.kind == StudyGroup.Kind.GROUP:
            return self._group_slot(assignment, group, class_ids)
        taken = [self.busy_class[c] for c in class_ids]
        per_day = defaultdict(int)
        for slot in taken[0] if taken else ():
            per_day[slot[0]] += 1
        # An eighth lesson only when the teacher is busy at every other
        # free slot of the class.
        candidates = [
            (day, number)
            for day in DAYS
            for number in range(1, LESSONS_A_DAY + 2)
            if all((day, number) not in t for t in taken)
        ]
        if not candidates:
            return (self.rng.choice(list(DAYS)), LESSONS_A_DAY + 1)
        teacher = self.busy_teacher[assignment.teacher_id]
        return min(
            candidates,
            key=lambda s: (
                s in teacher,
                s[1] > LESSONS_A_DAY,
                per_day[s[0]],
                s[1],
                self.rng.random(),
            ),
        )

    def _group_slot(self, assignment, group, class_ids):
        """Both subgroups of a class learn their language at the same time,
        unless one teacher has both."""
        shared = self.subgroup_slots.setdefault(
            class_ids[0], {"group": group.pk, "slots": []}
        )
        if shared["group"] == group.pk:
            slot = self._slot(assignment, None, class_ids)
            shared["slots"].append(slot)
            return slot
        teacher = self.busy_teacher[assignment.teacher_id]
        free = [s for s in shared["slots"] if s not in teacher]
        if free:
            shared["slots"].remove(free[0])
            return free[0]
        return self._slot(assignment, None, class_ids)

    def _room(self, assignment, class_ids, group):
        if assignment.subject.short_name == "Физ-ра":
            return "Спортзал"
        if group is not None:
            return str(300 + group.pk % 40)
        return str(100 + (class_ids[0] % 60))

    # Lessons of the year, with topics and tests set before they are saved.

    def lessons(self):
        ctx = self.ctx
        planned = lessons_plan(year=ctx.year, start=ctx.year.starts_on)
        planned.sort(key=lambda x: (x.date, x.lesson_number))
        short = {s.pk: s.short_name for s in ctx.school.subjects.all()}
        grade_of = {c.pk: c.grade for c in ctx.classes}
        for group in StudyGroup.objects.filter(year=ctx.year).prefetch_related(
            "classes"
        ):
            grade_of[("g", group.pk)] = max(c.grade for c in group.classes.all())
        counters = defaultdict(int)
        for lesson in planned:
            key = (lesson.school_class_id, lesson.group_id, lesson.subject_id)
            counters[key] += 1
            n = counters[key]
            grade = grade_of[
                lesson.school_class_id
                if lesson.school_class_id
                else ("g", lesson.group_id)
            ]
            lesson.lesson_type = self._lesson_type(n, grade, short[lesson.subject_id])
            if lesson.date <= self.data_until or lesson.lesson_type != "ordinary":
                lesson.topic = self._topic(n, lesson.lesson_type)
        insert_lessons(planned)
        self.lessons_made = planned
        self.grade_of = grade_of
        self.short = short

    def _lesson_type(self, n, grade, short):
        if grade == 1:
            return LessonType.ORDINARY
        if n % 9 == 0:
            return LessonType.TEST
        if n % 9 == 5 and short in LAB_SUBJECTS:
            return LessonType.LAB
        if n % 9 == 5:
            return LessonType.INDEPENDENT
        return LessonType.ORDINARY

    def _topic(self, n, lesson_type):
        if lesson_type == LessonType.TEST:
            return f"Контрольная работа № {n // 9}"
        if lesson_type == LessonType.LAB:
            return f"Лабораторная работа № {n // 9 + 1}"
        if lesson_type == LessonType.INDEPENDENT:
            return f"Самостоятельная работа по § {n // 2}"
        pattern = TOPIC_PATTERNS[n % len(TOPIC_PATTERNS)]
        return pattern.format(n=n // 2 + 1)

    # Marks and attendance up to today.

    def _audiences(self):
        start = self.ctx.year.starts_on
        members = defaultdict(list)
        for student_id, class_id in Enrolment.objects.filter(
            school_class__in=self.ctx.classes, starts_on__lte=start
        ).values_list("student_id", "school_class_id"):
            members[("c", class_id)].append(student_id)
        for student_id, group_id in GroupMembership.objects.filter(
            group__year=self.ctx.year
        ).values_list("student_id", "group_id"):
            members[("g", group_id)].append(student_id)
        return members

    def marks_and_attendance(self):
        rng = self.rng
        members = self._audiences()
        students = {s for ids in members.values() for s in ids}
        ability = {s: rng.triangular(2.6, 5.0, 4.1) for s in students}
        absent = self._absences(students)
        kinds = self.kinds
        homework_kind = kinds["ДЗ"]
        by_type = {
            LessonType.TEST: kinds["К/р"],
            LessonType.LAB: kinds["Л/р"],
            LessonType.INDEPENDENT: kinds["С/р"],
        }
        now = timezone.now()
        marks, attendance = [], []
        for lesson in self.lessons_made:
            if lesson.date > self.data_until or lesson.is_cancelled:
                continue
            audience = (
                ("c", lesson.school_class_id)
                if lesson.school_class_id
                else ("g", lesson.group_id)
            )
            grade = self.grade_of[lesson.school_class_id or ("g", lesson.group_id)]
            kind = by_type.get(lesson.lesson_type, kinds["Отв."])
            ordinary = lesson.lesson_type == LessonType.ORDINARY
            share = 0.22 if ordinary else 0.9
            pass_fail = self.short[lesson.subject_id] in PASS_FAIL_SUBJECTS
            teacher = lesson.teacher_id
            for student_id in members[audience]:
                code = absent.get((student_id, lesson.date))
                if code:
                    attendance.append((lesson.pk, student_id, code, "", teacher, now))
                    if code != Attendance.Code.LATE:
                        continue
                if grade == 1 or rng.random() > share:
                    continue
                value = self._mark(ability[student_id], pass_fail)
                marks.append(
                    (
                        lesson.pk,
                        student_id,
                        1,
                        value,
                        mark_points(value),
                        kind.pk,
                        kind.weight,
                        "",
                        1,
                        teacher,
                        now,
                        now,
                    )
                )
                if ordinary and rng.random() < 0.04:
                    value = self._mark(ability[student_id], pass_fail)
                    marks.append(
                        (
                            lesson.pk,
                            student_id,
                            2,
                            value,
                            mark_points(value),
                            homework_kind.pk,
                            homework_kind.weight,
                            "",
                            1,
                            teacher,
                            now,
                            now,
                        )
                    )
        insert_rows(Mark, MARK_FIELDS, marks)
        insert_rows(Attendance, ATTENDANCE_FIELDS, attendance)
        self._changed_marks()

    def _mark(self, ability, pass_fail):
        if pass_fail:
            return "зач" if self.rng.random() < 0.95 else "незач"
        value = round(self.rng.gauss(ability, 0.75))
        return str(min(5, max(2, value)))

    def _absences(self, students):
        """Days a student missed: spells of illness, single days without a
        known reason, an excused day now and then, and lateness."""
        rng = self.rng
        days = []
        day = self.ctx.year.starts_on
        while day <= self.data_until:
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
        absent = {}
        if not days:
            return absent
        weeks = max(1, len(days) // 5)
        for student in students:
            for _ in range(rng.randrange(0, 2 + weeks // 12)):
                first = rng.randrange(len(days))
                for day in days[first : first + rng.randint(2, 5)]:
                    absent[(student, day)] = Attendance.Code.ILL
            for _ in range(rng.randrange(0, 1 + weeks // 8)):
                code = rng.choice("ннуо")
                absent[(student, rng.choice(days))] = code
        return absent

    def _changed_marks(self):
        """A few marks a teacher changed; some of them late, with a reason,
        waiting for the administrator."""
        window = self.ctx.school.mark_edit_window_days
        candidates = list(
            Mark.objects.filter(lesson__year=self.ctx.year, points__lt=5).order_by(
                "pk"
            )[:2000]
        )
        changed = self.rng.sample(candidates, min(12, len(candidates)))
        history = []
        for index, mark in enumerate(changed):
            old = mark.value
            mark.value = str(min(5, int(old) + 1))
            mark.points = int(mark.value)
            mark.version = 2
            late = index % 4 == 0
            history.append(
                MarkChange(
                    mark=mark,
                    lesson_id=mark.lesson_id,
                    student_id=mark.student_id,
                    column=mark.column,
                    old_value=old,
                    new_value=mark.value,
                    old_work_kind_id=mark.work_kind_id,
                    new_work_kind_id=mark.work_kind_id,
                    reason="Работа переписана" if late else "",
                    outside_edit_window=late and window > 0,
                    changed_by_id=mark.created_by_id,
                )
            )
        Mark.objects.bulk_update(changed, ["value", "points", "version"])
        MarkChange.objects.bulk_create(history)

    # Homework, given in most lessons, due at the next lesson.

    def homework(self):
        rng = self.rng
        following = {}
        by_audience = defaultdict(list)
        for lesson in self.lessons_made:
            if not lesson.is_cancelled:
                key = (lesson.school_class_id, lesson.group_id, lesson.subject_id)
                by_audience[key].append(lesson)
        for lessons in by_audience.values():
            for current, after in zip(lessons, lessons[1:], strict=False):
                following[current.pk] = after.date
        homework = []
        for lesson in self.lessons_made:
            grade = self.grade_of[lesson.school_class_id or ("g", lesson.group_id)]
            if lesson.date > self.data_until or grade == 1 or rng.random() > 0.6:
                continue
            n = rng.randint(1, 40)
            text = rng.choice(HOMEWORK_PATTERNS).format(n=n, m=n * 3, k=n * 3 + 4)
            homework.append(
                Homework(
                    lesson_id=lesson.pk,
                    text=text,
                    due_date=following.get(lesson.pk, lesson.date + timedelta(7)),
                    created_by_id=lesson.teacher_id,
                )
            )
        Homework.objects.bulk_create(homework, batch_size=5000)
        self._homework_done(homework)

    def _homework_done(self, homework):
        """Some students ticked their homework of the last fortnight."""
        recent = self.data_until - timedelta(days=14)
        members = self._audiences()
        lessons = {x.pk: x for x in self.lessons_made}
        now = timezone.now()
        done = []
        for item in homework:
            lesson = lessons[item.lesson_id]
            if lesson.date < recent:
                continue
            audience = (
                ("c", lesson.school_class_id)
                if lesson.school_class_id
                else ("g", lesson.group_id)
            )
            done += [
                (item.pk, s, now) for s in members[audience] if self.rng.random() < 0.4
            ]
        insert_rows(HomeworkDone, ["homework", "student", "done_at"], done)

    # Substitutions, moves and cancellations: some past, some this week.

    def changes(self):
        today = self.ctx.today
        week_start = today - timedelta(days=today.weekday())
        this_week = [
            x
            for x in self.lessons_made
            if week_start <= x.date <= week_start + timedelta(days=4)
        ]
        earlier = [x for x in self.lessons_made if x.date < week_start]
        chosen = self.rng.sample(this_week, min(9, len(this_week)))
        chosen += self.rng.sample(earlier, min(9, len(earlier)))
        teachers = [t.pk for t in self.ctx.teachers]
        kinds = list(LessonChange.Kind)
        changes, lessons = [], []
        for index, lesson in enumerate(chosen):
            kind = kinds[index % 3]
            change = LessonChange(
                lesson_id=lesson.pk,
                kind=kind,
                reason=REASONS[kind],
                created_by_id=(
                    self.author.user_id if self.author else lesson.teacher_id
                ),
            )
            if kind == LessonChange.Kind.SUBSTITUTION:
                substitute = self.rng.choice(
                    [t for t in teachers if t != lesson.teacher_id] or teachers
                )
                lesson.teacher_id = change.new_teacher_id = substitute
            elif kind == LessonChange.Kind.MOVE:
                lesson.lesson_number = change.new_lesson_number = min(
                    LESSONS_A_DAY + 1, lesson.lesson_number + 1
                )
                lesson.room = change.new_room = "Актовый зал"
            else:
                lesson.is_cancelled = True
            changes.append(change)
            lessons.append(lesson)
        Lesson.objects.bulk_update(
            lessons, ["teacher", "lesson_number", "room", "is_cancelled"]
        )
        LessonChange.objects.bulk_create(changes)

    def recommendations(self):
        members = self._audiences()
        teacher_of = {
            a.school_class_id: a
            for a in TeachingAssignment.objects.filter(
                year=self.ctx.year, school_class__isnull=False
            )
        }
        rows = []
        for school_class in self.ctx.classes:
            assignment = teacher_of.get(school_class.pk)
            if assignment is None:
                continue
            rows.append(
                Recommendation(
                    author_id=assignment.teacher_id,
                    subject_id=assignment.subject_id,
                    school_class=school_class,
                    text=self.rng.choice(CLASS_RECOMMENDATIONS),
                )
            )
            for student_id in members[("c", school_class.pk)]:
                if self.rng.random() < 0.08:
                    rows.append(
                        Recommendation(
                            author_id=assignment.teacher_id,
                            subject_id=assignment.subject_id,
                            student_id=student_id,
                            text=self.rng.choice(RECOMMENDATIONS),
                        )
                    )
        Recommendation.objects.bulk_create(rows)
