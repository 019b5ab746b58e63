"""An invented school of a given size, built with bulk inserts.

`seed_demo` builds a school of about 500 students with logins for each
role; `seed_bench` builds a bigger one. Other apps add their own data on
top through a `demo.populate(ctx)` function of their own.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from . import reference
from .models import (
    AcademicYear,
    Bell,
    CurriculumHours,
    Enrolment,
    GradeScheme,
    GroupMembership,
    Guardianship,
    Holiday,
    IndividualPlan,
    Period,
    PeriodScheme,
    Role,
    RoleAssignment,
    School,
    SchoolClass,
    StudyGroup,
    Subject,
    TeachingAssignment,
    User,
)

DEMO_SCHOOL_CODE = "demo"
STUDENTS_PER_CLASS = 25
MAX_TEACHER_HOURS = 26
LETTERS = "АБВГДЕЖИКЛМН"
ENGLISH = "Иностранный язык (английский)"
ELECTIVE = "Финансовая грамотность"

# Which teacher's speciality each subject belongs to; a class gets one
# teacher per speciality.
SPECIALITY = {
    "Русский язык": "rus",
    "Литература": "rus",
    "Математика": "math",
    "Алгебра": "math",
    "Геометрия": "math",
    "Вероятность и статистика": "math",
    "Информатика": "it",
    "История": "hist",
    "Обществознание": "hist",
    "Основы духовно-нравственной культуры народов России": "hist",
    "География": "geo",
    "Биология": "bio",
    "Физика": "phys",
    "Химия": "chem",
    "Изобразительное искусство": "art",
    "Музыка": "music",
    "Труд (технология)": "tech",
    "Основы безопасности и защиты Родины": "pe",
    "Физическая культура": "pe",
    "Индивидуальный проект": "rus",
    "Литературное чтение": "primary",
    "Окружающий мир": "primary",
    "Основы религиозных культур и светской этики": "primary",
    ENGLISH: "eng",
}
PRIMARY_SPECIALISTS = {"eng", "music", "pe"}


@dataclass
class DemoAccount:
    role: str
    username: str
    password: str


@dataclass
class DemoContext:
    """What the structure step built, for the steps of other apps."""

    rng: random.Random
    today: date
    school: School = None
    year: AcademicYear = None
    classes: list = field(default_factory=list)
    students: list = field(default_factory=list)
    teachers: list = field(default_factory=list)
    accounts: list = field(default_factory=list)
    full_year: bool = False

    def account(self, role, user, password):
        user.password = make_password(password)
        user.save(update_fields=["password"])
        self.accounts.append(DemoAccount(role, user.username, password))


def academic_year_start(today):
    return today.year if today.month >= 9 else today.year - 1


def _shift(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def class_plan(students):
    """How many classes each grade gets for a school of about `students`:
    two in most grades for the demo, more for a bigger school."""
    classes = max(11, round(students / STUDENTS_PER_CLASS))
    per_grade = dict.fromkeys(range(1, 12), classes // 11)
    for grade in list(range(1, 10))[: classes % 11]:
        per_grade[grade] += 1
    return per_grade


def build_school(ctx, *, students, name=None, code=DEMO_SCHOOL_CODE):
    builder = _Builder(ctx)
    builder.school_and_calendar(name=name, code=code)
    builder.subjects()
    builder.classes(students)
    builder.students_and_families()
    builder.teachers_and_assignments()
    builder.curriculum()
    builder.roles()
    return ctx


class _Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.names = reference.names()
        self.serial = 0

    def school_and_calendar(self, *, name, code):
        ctx = self.ctx
        ctx.school = School.objects.create(
            code=code,
            name=name
            or "Муниципальное бюджетное общеобразовательное учреждение "
            "«Средняя общеобразовательная школа № 7»",
            short_name="МБОУ СОШ № 7" if code == DEMO_SCHOOL_CODE else code,
            address="г. Заречный, ул. Садовая, д. 12",
        )
        start = academic_year_start(ctx.today)
        shift = start - reference.CALENDAR_YEAR
        ctx.year = AcademicYear.objects.create(
            school=ctx.school,
            name=f"{start}/{start + 1}",
            starts_on=date(start, 9, 1),
            ends_on=date(start + 1, 8, 31),
        )
        GradeScheme.objects.bulk_create(
            GradeScheme(
                year=ctx.year,
                grade=g,
                scheme=PeriodScheme.QUARTER if g <= 9 else PeriodScheme.HALF,
            )
            for g in range(1, 12)
        )
        numbers = {PeriodScheme.QUARTER: 0, PeriodScheme.HALF: 0}
        periods, holidays = [], []
        for entry in reference.calendar():
            starts_on, ends_on = (
                _shift(entry.starts_on, shift),
                _shift(entry.ends_on, shift),
            )
            if entry.kind == "period":
                scheme = (
                    PeriodScheme.HALF
                    if entry.grade_from >= 10
                    else PeriodScheme.QUARTER
                )
                numbers[scheme] += 1
                periods.append(
                    Period(
                        year=ctx.year,
                        scheme=scheme,
                        number=numbers[scheme],
                        name=entry.name,
                        starts_on=starts_on,
                        ends_on=ends_on,
                    )
                )
            else:
                holidays.append(
                    Holiday(
                        year=ctx.year,
                        kind=entry.kind,
                        name=entry.name,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        grade_from=entry.grade_from,
                        grade_to=entry.grade_to,
                    )
                )
        Period.objects.bulk_create(periods)
        Holiday.objects.bulk_create(holidays)
        Bell.objects.bulk_create(
            Bell(school=ctx.school, number=n, starts_at=s, ends_at=e)
            for n, s, e in reference.bells()
        )
        self.holidays = holidays
        self.periods = periods

    def subjects(self):
        lines = reference.curriculum()
        made = Subject.objects.bulk_create(
            [
                Subject(school=self.ctx.school, name=x.subject, short_name=x.short)
                for x in lines
            ]
            + [Subject(school=self.ctx.school, name=ELECTIVE, short_name="Фин.гр.")]
        )
        self.subject_by_name = {s.name: s for s in made}
        self.curriculum_lines = lines

    def classes(self, students):
        ctx = self.ctx
        ctx.classes = SchoolClass.objects.bulk_create(
            SchoolClass(
                school=ctx.school, year=ctx.year, grade=grade, letter=LETTERS[i]
            )
            for grade, count in class_plan(students).items()
            for i in range(count)
        )
        self.class_size = max(1, round(students / len(ctx.classes)))

    def _person(self, sex, surname_index=None, father_given=None, username_prefix="p"):
        n = self.names
        self.serial += 1
        if surname_index is None:
            surname_index = self.rng.randrange(len(n.surname_male))
        male = sex == "m"
        surname = (n.surname_male if male else n.surname_female)[surname_index]
        given = self.rng.choice(n.given_male if male else n.given_female)
        father_given = father_given or self.rng.choice(n.given_male)
        patronymic = _patronymic(father_given, male, n)
        return User(
            username=f"{username_prefix}{self.serial:06d}",
            last_name=surname,
            first_name=given,
            patronymic=patronymic,
            password=make_password(None),
        )

    def students_and_families(self):
        ctx, rng = self.ctx, self.rng
        year_start = ctx.year.starts_on
        families = []  # [surname_index, father_given, [(student, class)]]
        students, enrolments_for = [], []
        for school_class in ctx.classes:
            for _ in range(self.class_size):
                sibling_of = None
                if families and rng.random() < 0.1:
                    candidate = rng.choice(families)
                    if all(c.grade != school_class.grade for _, c in candidate[2]):
                        sibling_of = candidate
                family = sibling_of or [
                    rng.randrange(len(self.names.surname_male)),
                    rng.choice(self.names.given_male),
                    [],
                ]
                if not sibling_of:
                    families.append(family)
                student = self._person(
                    rng.choice("mf"), family[0], family[1], username_prefix="s"
                )
                age = 6 + school_class.grade
                student.birth_date = date(year_start.year - age, 1, 1) + timedelta(
                    days=rng.randrange(365)
                )
                family[2].append((student, school_class))
                students.append(student)
                enrolments_for.append(school_class)
        User.objects.bulk_create(students)
        Enrolment.objects.bulk_create(
            Enrolment(student=s, school_class=c, starts_on=year_start)
            for s, c in zip(students, enrolments_for, strict=True)
        )
        ctx.students = students
        self.class_of = {s.pk: c for s, c in zip(students, enrolments_for, strict=True)}
        self.families = families
        self._guardians(families)

    def _guardians(self, families):
        rng = self.rng
        guardians, links = [], []
        for surname_index, father_given, children in families:
            people = []
            if rng.random() < 0.93:
                people.append(
                    ("mother", self._person("f", surname_index, username_prefix="g"))
                )
            if rng.random() < 0.65 or not people:
                father = self._person("m", surname_index, username_prefix="g")
                father.first_name = father_given
                people.append(("father", father))
            if rng.random() < 0.02:
                people.append(("trustee", self._person("f", username_prefix="g")))
            for relation, person in people:
                guardians.append(person)
                links.extend((person, child, relation) for child, _ in children)
        User.objects.bulk_create(guardians)
        Guardianship.objects.bulk_create(
            Guardianship(guardian=g, student=s, relation=r) for g, s, r in links
        )
        self.guardians = guardians
        self.guardian_links = links

    def teachers_and_assignments(self):
        ctx = self.ctx
        units = []  # (speciality, class, group or None, [subjects], hours)
        self.groups = []
        for school_class in ctx.classes:
            grade = school_class.grade
            bundles = {}
            for line in self.curriculum_lines:
                hours = line.weekly_hours.get(grade)
                if not hours or line.subject == ENGLISH:
                    continue
                speciality = SPECIALITY[line.subject]
                if grade <= 4 and speciality not in PRIMARY_SPECIALISTS:
                    speciality = "primary"
                bundle = bundles.setdefault(speciality, [[], 0])
                bundle[0].append(self.subject_by_name[line.subject])
                bundle[1] += hours
            for speciality, (subjects, hours) in bundles.items():
                units.append((speciality, school_class, None, subjects, hours))
            english_hours = next(
                (
                    x.weekly_hours.get(grade)
                    for x in self.curriculum_lines
                    if x.subject == ENGLISH
                ),
                None,
            )
            if english_hours:
                for number in (1, 2):
                    group = StudyGroup(
                        school=ctx.school,
                        year=ctx.year,
                        name=f"{school_class} англ. {number} гр.",
                        subject=self.subject_by_name[ENGLISH],
                    )
                    self.groups.append((group, school_class, number))
                    units.append(
                        ("eng", school_class, group, [group.subject], english_hours)
                    )
        StudyGroup.objects.bulk_create([g for g, _, _ in self.groups])
        StudyGroup.classes.through.objects.bulk_create(
            StudyGroup.classes.through(studygroup_id=g.pk, schoolclass_id=c.pk)
            for g, c, _ in self.groups
        )
        self._group_members()

        teachers, load, assignments = [], {}, []
        by_speciality = {}
        homeroom_of = {}
        for speciality, school_class, group, subjects, hours in units:
            pool = by_speciality.setdefault(speciality, [])
            limit = hours if speciality == "primary" else MAX_TEACHER_HOURS
            teacher = next((t for t in pool if load[t.username] + hours <= limit), None)
            if teacher is None:
                teacher = self._person(self.rng.choice("ffffm"), username_prefix="t")
                teachers.append(teacher)
                pool.append(teacher)
                load[teacher.username] = 0
            load[teacher.username] += hours
            free_for_homeroom = teacher not in homeroom_of.values()
            if (
                group is None
                and school_class.pk not in homeroom_of
                and free_for_homeroom
            ):
                homeroom_of[school_class.pk] = teacher
            for subject in subjects:
                assignments.append((teacher, subject, school_class, group))
        User.objects.bulk_create(teachers)
        TeachingAssignment.objects.bulk_create(
            TeachingAssignment(
                teacher=t,
                subject=s,
                year=ctx.year,
                school_class=None if g else c,
                group=g,
            )
            for t, s, c, g in assignments
        )
        for school_class in ctx.classes:
            school_class.homeroom_teacher = homeroom_of.get(school_class.pk)
        SchoolClass.objects.bulk_update(ctx.classes, ["homeroom_teacher"])
        ctx.teachers = teachers
        self.by_speciality = by_speciality
        self._elective_stream()
        self._individual_plan()

    def _group_members(self):
        year_start = self.ctx.year.starts_on
        by_class = {}
        for student in self.ctx.students:
            by_class.setdefault(self.class_of[student.pk].pk, []).append(student)
        members = []
        for group, school_class, number in self.groups:
            pupils = sorted(
                by_class[school_class.pk], key=lambda s: (s.last_name, s.first_name)
            )
            half = math.ceil(len(pupils) / 2)
            chosen = pupils[:half] if number == 1 else pupils[half:]
            members.extend(
                GroupMembership(group=group, student=s, starts_on=year_start)
                for s in chosen
            )
        GroupMembership.objects.bulk_create(members)

    def _elective_stream(self):
        """An elective taught to a stream gathered from the classes of one
        grade."""
        ctx = self.ctx
        eighth = [c for c in ctx.classes if c.grade == 8]
        if not eighth:
            return
        stream = StudyGroup.objects.create(
            school=ctx.school,
            year=ctx.year,
            kind=StudyGroup.Kind.STREAM,
            name="Финансовая грамотность, 8 параллель",
            subject=self.subject_by_name[ELECTIVE],
        )
        stream.classes.set(eighth)
        chosen = [
            s
            for s in ctx.students
            if self.class_of[s.pk] in eighth and self.rng.random() < 0.5
        ]
        GroupMembership.objects.bulk_create(
            GroupMembership(group=stream, student=s, starts_on=ctx.year.starts_on)
            for s in chosen
        )
        TeachingAssignment.objects.create(
            teacher=self.by_speciality["hist"][0],
            subject=stream.subject,
            year=ctx.year,
            group=stream,
        )

    def _individual_plan(self):
        ctx = self.ctx
        student = next(
            (s for s in ctx.students if self.class_of[s.pk].grade == 6),
            ctx.students[-1],
        )
        plan = IndividualPlan.objects.create(
            student=student,
            year=ctx.year,
            starts_on=ctx.year.starts_on + timedelta(days=30),
            basis="Заключение психолого-медико-педагогической комиссии",
        )
        TeachingAssignment.objects.create(
            teacher=self.by_speciality["math"][0],
            subject=self.subject_by_name["Математика"],
            year=ctx.year,
            individual_plan=plan,
        )

    def curriculum(self):
        ctx = self.ctx
        rows = []
        for school_class in ctx.classes:
            scheme = (
                PeriodScheme.QUARTER if school_class.grade <= 9 else PeriodScheme.HALF
            )
            for period in (p for p in self.periods if p.scheme == scheme):
                weeks = _school_days(period, school_class.grade, self.holidays) / 5
                for line in self.curriculum_lines:
                    hours = line.weekly_hours.get(school_class.grade)
                    if hours:
                        rows.append(
                            CurriculumHours(
                                subject=self.subject_by_name[line.subject],
                                period=period,
                                school_class=school_class,
                                weekly_hours=hours,
                                planned_hours=round(hours * weeks),
                            )
                        )
        CurriculumHours.objects.bulk_create(rows)

    def roles(self):
        ctx = self.ctx
        school = ctx.school
        rows = [
            RoleAssignment(user=s, school=school, role=Role.STUDENT)
            for s in ctx.students
        ]
        rows += [
            RoleAssignment(user=g, school=school, role=Role.GUARDIAN)
            for g in self.guardians
        ]
        rows += [
            RoleAssignment(user=t, school=school, role=Role.TEACHER)
            for t in ctx.teachers
        ]
        RoleAssignment.objects.bulk_create(rows)


def _patronymic(father_given, male, names):
    for masculine, feminine in zip(
        names.patronymic_male, names.patronymic_female, strict=True
    ):
        if masculine.startswith(father_given[:-1]) or masculine.startswith(
            father_given
        ):
            return masculine if male else feminine
    stem = father_given[:-1] if father_given.endswith(("й", "ь")) else father_given
    if father_given.endswith("й"):
        return stem + ("евич" if male else "евна")
    return stem + ("ович" if male else "овна")


def _school_days(period, grade, holidays):
    day, count = period.starts_on, 0
    while day <= period.ends_on:
        off = any(
            h.starts_on <= day <= h.ends_on and h.grade_from <= grade <= h.grade_to
            for h in holidays
        )
        if day.weekday() < 5 and not off:
            count += 1
        day += timedelta(days=1)
    return count


def add_demo_accounts(ctx):
    """Give one person of each role a known password and a readable name."""
    school = ctx.school
    staff = Group.objects.get_or_create(name="School administrators")[0]
    staff.permissions.set(Permission.objects.filter(content_type__app_label="school"))

    admin = _named_user("admin", "Кравцова", "Ирина", "Львовна")
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    admin.groups.add(staff)
    RoleAssignment.objects.create(user=admin, school=school, role=Role.ADMIN)
    ctx.account("admin", admin, "demo-admin-2026")

    clerk = _named_user("clerk", "Белова", "Нина", "Петровна")
    RoleAssignment.objects.create(user=clerk, school=school, role=Role.CLERK)
    ctx.account("clerk", clerk, "demo-clerk-2026")

    fifth = next(c for c in ctx.classes if c.grade == 5)
    teacher = (
        TeachingAssignment.objects.filter(
            school_class=fifth, subject__name="Русский язык"
        )
        .select_related("teacher")
        .first()
        .teacher
    )
    _rename(teacher, "teacher")
    ctx.account("teacher", teacher, "demo-teacher-2026")

    family = _two_child_family(ctx)
    mother = (
        Guardianship.objects.filter(
            student=family[0], relation=Guardianship.Relation.MOTHER
        ).first()
        or Guardianship.objects.filter(student=family[0]).first()
    )
    _rename(mother.guardian, "guardian")
    ctx.account("guardian", mother.guardian, "demo-guardian-2026")

    older = family[-1]
    _rename(older, "student")
    ctx.account("student", older, "demo-student-2026")

    taken = {mother.guardian_id}
    in_subgroup = (
        GroupMembership.objects.filter(
            group__school=school,
            group__kind=StudyGroup.Kind.GROUP,
            student__guardianships__isnull=False,
        )
        .exclude(student__guardianships__guardian_id__in=taken)
        .values_list("student__guardianships__guardian", flat=True)
        .first()
    )
    second = User.objects.get(pk=in_subgroup)
    _rename(second, "guardian2")
    ctx.account("guardian", second, "demo-guardian2-2026")


def _named_user(username, last, first, patronymic):
    return User.objects.create(
        username=username,
        last_name=last,
        first_name=first,
        patronymic=patronymic,
        password=make_password(None),
    )


def _rename(user, username):
    user.username = username
    user.save(update_fields=["username"])


def _two_child_family(ctx):
    """Two children of one family in different classes, the younger in
    primary school if there is such a family."""
    counts = {}
    for link in Guardianship.objects.filter(student__in=ctx.students).values(
        "guardian_id", "student_id"
    ):
        counts.setdefault(link["guardian_id"], []).append(link["student_id"])
    for children in counts.values():
        if len(children) == 2:
            students = list(
                User.objects.filter(pk__in=children).order_by("-birth_date")
            )
            classes = {e.school_class_id for s in students for e in s.enrolments.all()}
            if len(classes) == 2:
                return students
    raise RuntimeError("The demo school has no family with two children.")
