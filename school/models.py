"""People, roles and the structure of a school.

Every person is a User: a child without a login and a guardian who never
signs in have an unusable password. Roles are held per school, and one
person may hold several (a teacher who is also a parent).
"""

from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .querysets import (
    SchoolClassQuerySet,
    SchoolQuerySet,
    StudentQuerySet,
    StudyGroupQuerySet,
)

GRADE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(11)]


class Role(models.TextChoices):
    GUARDIAN = "guardian", _("guardian")
    STUDENT = "student", _("student")
    TEACHER = "teacher", _("teacher")
    ADMIN = "admin", _("school administrator")
    CLERK = "clerk", _("clerk")


# The order in which a person with several roles is taken home.
ROLE_PRIORITY = [Role.ADMIN, Role.TEACHER, Role.CLERK, Role.GUARDIAN, Role.STUDENT]


class School(models.Model):
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Moscow")
    mark_edit_window_days = models.PositiveSmallIntegerField(
        _("days a mark may be changed without a reason"), default=7
    )

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def clean(self):
        from zoneinfo import available_timezones

        if self.time_zone not in available_timezones():
            raise ValidationError({"time_zone": _("Unknown time zone.")})

    def year_on(self, day):
        return self.years.filter(starts_on__lte=day, ends_on__gte=day).first()


def short_name(last_name, first_name, patronymic):
    """«Иванова А.П.»: the surname and the initials, as lists print it."""
    initials = "".join(f"{p[0]}." for p in [first_name, patronymic] if p)
    return f"{last_name} {initials}".strip()


class User(AbstractUser):
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    language = models.CharField(
        _("interface language"),
        max_length=8,
        blank=True,
        choices=[("ru", "Русский"), ("en", "English")],
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]

    def __str__(self):
        return self.full_name or self.username

    @property
    def full_name(self):
        parts = [self.last_name, self.first_name, self.patronymic]
        return " ".join(p for p in parts if p)

    @property
    def short_name(self):
        return short_name(self.last_name, self.first_name, self.patronymic)

    def role_set(self):
        """The roles this person holds in any school, cached per instance."""
        if not hasattr(self, "_role_set"):
            self._role_set = set(self.roles.values_list("role", flat=True))
        return self._role_set

    def has_role(self, role):
        return role in self.role_set()

    def main_role(self):
        held = self.role_set()
        return next((r for r in ROLE_PRIORITY if r in held), None)

    def schools_with(self, *roles):
        return School.objects.filter(roles__user=self, roles__role__in=roles).distinct()


class StudentManager(UserManager.from_queryset(StudentQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(roles__role=Role.STUDENT).distinct()


class Student(User):
    """A person enrolled as a student: the proxy carries the visibility rules."""

    objects = StudentManager()

    class Meta:
        proxy = True
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name", "patronymic"]


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="roles", verbose_name=_("school")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"], name="role_once_per_school"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()} ({self.school})"


class AcademicYear(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="years", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=20)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["school", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "starts_on"], name="year_start")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.starts_on >= self.ends_on:
            raise ValidationError(_("A year must end after it starts."))
        if self.school_id and self.starts_on and self.ends_on:
            overlapping = AcademicYear.objects.filter(
                school_id=self.school_id,
                starts_on__lte=self.ends_on,
                ends_on__gte=self.starts_on,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    _("This year overlaps another year of the school.")
                )

    def scheme_for_grade(self, grade):
        row = self.grade_schemes.filter(grade=grade).first()
        return row.scheme if row else PeriodScheme.QUARTER

    def periods_for_grade(self, grade):
        return self.periods.filter(scheme=self.scheme_for_grade(grade))

    def is_day_off(self, day, grade):
        return self.holidays.filter(
            starts_on__lte=day,
            ends_on__gte=day,
            grade_from__lte=grade,
            grade_to__gte=grade,
        ).exists()


class PeriodScheme(models.TextChoices):
    QUARTER = "quarter", _("quarters")
    HALF = "half", _("halves")


class GradeScheme(models.Model):
    """Which periods a grade level reports in this year."""

    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="grade_schemes",
        verbose_name=_("academic year"),
    )
    grade = models.PositiveSmallIntegerField(_("grade"), validators=GRADE_VALIDATORS)
    scheme = models.CharField(_("periods"), max_length=10, choices=PeriodScheme.choices)

    class Meta:
        verbose_name = _("periods of a grade")
        verbose_name_plural = _("periods of the grades")
        ordering = ["year", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["year", "grade"], name="scheme_per_grade")
        ]

    def __str__(self):
        return f"{self.grade}: {self.get_scheme_display()}"


class Period(models.Model):
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("academic year"),
    )
    scheme = models.CharField(_("kind"), max_length=10, choices=PeriodScheme.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=50)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["year", "scheme", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "scheme", "number"], name="period_number"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.starts_on and self.ends_on and self.year_id):
            return
        if self.starts_on > self.ends_on:
            raise ValidationError(_("A period must end after it starts."))
        year = self.year
        if self.starts_on < year.starts_on or self.ends_on > year.ends_on:
            raise ValidationError(
                _("A period must lie inside its academic year (%(start)s to %(end)s).")
                % {"start": year.starts_on, "end": year.ends_on}
            )
        siblings = year.periods.filter(scheme=self.scheme).exclude(pk=self.pk)
        clash = siblings.filter(
            starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
        ).first()
        if clash:
            raise ValidationError(
                _("This period overlaps %(other)s (%(start)s to %(end)s).")
                % {"other": clash.name, "start": clash.starts_on, "end": clash.ends_on}
            )
        before = (
            siblings.filter(ends_on__lt=self.starts_on).order_by("-ends_on").first()
        )
        after = (
            siblings.filter(starts_on__gt=self.ends_on).order_by("starts_on").first()
        )
        if before:
            self._check_gap(before.ends_on, self.starts_on)
        if after:
            self._check_gap(self.ends_on, after.starts_on)

    def _check_gap(self, left_end, right_start):
        """Days between two periods must all be holidays or days off."""
        day = left_end + timedelta(days=1)
        holidays = list(self.year.holidays.all())
        while day < right_start:
            if not any(h.starts_on <= day <= h.ends_on for h in holidays):
                raise ValidationError(
                    _(
                        "The periods leave a gap on %(day)s: every day between "
                        "two periods must be a holiday."
                    )
                    % {"day": day}
                )
            day += timedelta(days=1)

    def contains(self, day):
        return self.starts_on <= day <= self.ends_on


class Holiday(models.Model):
    class Kind(models.TextChoices):
        HOLIDAYS = "holiday", _("holidays")
        DAY_OFF = "day_off", _("public day off")

    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="holidays",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.HOLIDAYS
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), default=1, validators=GRADE_VALIDATORS
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to grade"), default=11, validators=GRADE_VALIDATORS
    )

    class Meta:
        verbose_name = _("holidays")
        verbose_name_plural = _("holidays and days off")
        ordering = ["year", "starts_on"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError(
                _("Holidays must end on or after the day they start.")
            )
        if self.grade_from and self.grade_to and self.grade_from > self.grade_to:
            raise ValidationError(_("The first grade must not be above the last one."))


class Bell(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="bells", verbose_name=_("school")
    )
    number = models.PositiveSmallIntegerField(
        _("lesson number"), validators=[MinValueValidator(0), MaxValueValidator(12)]
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("bell")
        verbose_name_plural = _("bell schedule")
        ordering = ["school", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="bell_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError(_("A lesson must end after it starts."))


class Subject(models.Model):
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="subjects",
        verbose_name=_("school"),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["school", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="subject_name")
        ]

    def __str__(self):
        return self.name


class EducationLevel(models.TextChoices):
    PRIMARY = "primary", _("primary general")
    BASIC = "basic", _("basic general")
    SECONDARY = "secondary", _("secondary general")


def education_level(grade):
    if grade <= 4:
        return EducationLevel.PRIMARY
    if grade <= 9:
        return EducationLevel.BASIC
    return EducationLevel.SECONDARY


class SchoolClass(models.Model):
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="classes",
        verbose_name=_("school"),
    )
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="classes",
        verbose_name=_("academic year"),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        validators=GRADE_VALIDATORS,
        error_messages={"invalid": _("The grade is a number from 1 to 11.")},
    )
    letter = models.CharField(_("letter"), max_length=3)
    homeroom_teacher = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="homeroom_classes",
        verbose_name=_("homeroom teacher"),
    )

    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["year", "grade", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "grade", "letter"], name="class_name_per_year"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=11), name="class_grade_1_to_11"
            ),
        ]

    def __str__(self):
        return f"{self.grade}{self.letter}"

    @property
    def level(self):
        return education_level(self.grade)

    def get_level_display(self):
        return EducationLevel(self.level).label

    def clean(self):
        if self.grade is not None and not 1 <= self.grade <= 11:
            raise ValidationError({"grade": _("The grade is a number from 1 to 11.")})
        if self.year_id and self.school_id and self.year.school_id != self.school_id:
            raise ValidationError(_("The academic year belongs to another school."))

    def students_on(self, day):
        enrolled = Enrolment.objects.on(day).filter(school_class=self)
        return Student.objects.filter(pk__in=enrolled.values("student_id"))


class StudyGroup(models.Model):
    """Part of a class (a language subgroup) or a stream across classes."""

    class Kind(models.TextChoices):
        GROUP = "group", _("group")
        STREAM = "stream", _("stream")

    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("school"),
    )
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.GROUP
    )
    name = models.CharField(_("name"), max_length=100)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("subject"),
    )
    classes = models.ManyToManyField(
        SchoolClass, related_name="groups", verbose_name=_("classes")
    )

    objects = StudyGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group or stream")
        verbose_name_plural = _("groups and streams")
        ordering = ["year", "name"]

    def __str__(self):
        return self.name

    def students_on(self, day):
        members = GroupMembership.objects.on(day).filter(group=self)
        return Student.objects.filter(pk__in=members.values("student_id"))


class DatedQuerySet(models.QuerySet):
    def on(self, day):
        """Rows in force on a day: started by then and not yet ended."""
        return self.filter(starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class GroupMembership(models.Model):
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("group"),
    )
    student = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("student"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "starts_on"]

    def __str__(self):
        return f"{self.student} — {self.group}"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(_("Membership must end on or after it starts."))


class Enrolment(models.Model):
    student = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("student"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("class"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["student", "starts_on"]
        indexes = [models.Index(fields=["school_class", "starts_on"])]

    def __str__(self):
        return f"{self.student} — {self.school_class}"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(_("An enrolment must end on or after it starts."))
        if not (self.student_id and self.starts_on):
            return
        far_future = date.max
        clash = (
            Enrolment.objects.filter(student_id=self.student_id)
            .exclude(pk=self.pk)
            .filter(starts_on__lte=self.ends_on or far_future)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))
            .select_related("school_class")
            .first()
        )
        if clash:
            raise ValidationError(
                _(
                    "The student is already enrolled in %(cls)s from %(start)s; "
                    "end that enrolment first."
                )
                % {"cls": clash.school_class, "start": clash.starts_on}
            )


class Guardianship(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        GUARDIAN = "guardian", _("guardian")
        TRUSTEE = "trustee", _("trustee")
        OTHER = "other", _("other legal representative")

    guardian = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="wards",
        verbose_name=_("guardian"),
    )
    student = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="guardianships",
        verbose_name=_("student"),
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "student"], name="guardian_once_per_student"
            ),
            models.CheckConstraint(
                condition=~Q(guardian=models.F("student")), name="not_own_guardian"
            ),
        ]

    def __str__(self):
        return f"{self.guardian} — {self.student} ({self.get_relation_display()})"

    def clean(self):
        if self.guardian_id and self.guardian_id == self.student_id:
            raise ValidationError(_("A person cannot be their own guardian."))


class IndividualPlan(models.Model):
    """A student taught on an individual curriculum (ИУП)."""

    student = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="individual_plans",
        verbose_name=_("student"),
    )
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="individual_plans",
        verbose_name=_("academic year"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        ordering = ["year", "starts_on"]

    def __str__(self):
        return str(_("Individual plan of %(student)s") % {"student": self.student})


class TeachingAssignment(models.Model):
    """A teacher teaches a subject to a class, a group or an individual plan."""

    teacher = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="teaching_assignments",
        verbose_name=_("teacher"),
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="teaching_assignments",
        verbose_name=_("academic year"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="teaching_assignments",
        verbose_name=_("class"),
    )
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="teaching_assignments",
        verbose_name=_("group or stream"),
    )
    individual_plan = models.ForeignKey(
        IndividualPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="teaching_assignments",
        verbose_name=_("individual plan"),
    )

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        ordering = ["year", "subject"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(school_class__isnull=False, group__isnull=True)
                    & Q(individual_plan__isnull=True)
                )
                | Q(school_class__isnull=True, group__isnull=False)
                & Q(individual_plan__isnull=True)
                | Q(school_class__isnull=True, group__isnull=True)
                & Q(individual_plan__isnull=False),
                name="assignment_has_one_audience",
            )
        ]

    def __str__(self):
        return f"{self.teacher.short_name}: {self.subject} — {self.audience}"

    @property
    def audience(self):
        return self.school_class or self.group or self.individual_plan

    def clean(self):
        given = [self.school_class_id, self.group_id, self.individual_plan_id]
        if sum(1 for x in given if x) != 1:
            raise ValidationError(
                _("Choose exactly one of a class, a group or an individual plan.")
            )


class CurriculumHours(models.Model):
    """Planned hours of a subject for a class (or an individual plan) in a
    reporting period."""

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.CASCADE,
        related_name="curriculum",
        verbose_name=_("reporting period"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="curriculum",
        verbose_name=_("class"),
    )
    individual_plan = models.ForeignKey(
        IndividualPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="curriculum",
        verbose_name=_("individual plan"),
    )
    weekly_hours = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1
    )
    planned_hours = models.PositiveSmallIntegerField(_("planned hours"))

    class Meta:
        verbose_name = _("curriculum line")
        verbose_name_plural = _("curriculum")
        ordering = ["period", "subject"]
        constraints = [
            models.CheckConstraint(
                condition=Q(school_class__isnull=False, individual_plan__isnull=True)
                | Q(school_class__isnull=True, individual_plan__isnull=False),
                name="curriculum_for_class_or_plan",
            ),
            models.UniqueConstraint(
                fields=["subject", "period", "school_class"],
                condition=Q(school_class__isnull=False),
                name="curriculum_once_per_class",
            ),
        ]

    def __str__(self):
        return f"{self.subject}: {self.planned_hours}"
