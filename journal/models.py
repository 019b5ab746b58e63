"""The class journal: what happens in lessons and what teachers record.

A Lesson keeps its plan (planned_*) next to what actually happens (date,
lesson_number, teacher, room, is_cancelled); every change is also a
LessonChange row, so the plan and the reason stay visible. Marks are never
silently overwritten: each change leaves a MarkChange.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from school.models import AcademicYear, School, SchoolClass, StudyGroup, Subject

from .querysets import (
    AttendanceQuerySet,
    HomeworkQuerySet,
    LessonQuerySet,
    MarkChangeQuerySet,
    MarkQuerySet,
    RecommendationQuerySet,
)


class WorkKind(models.Model):
    """A kind of work with its weight, set by each school in a local act."""

    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="work_kinds",
        verbose_name=_("school"),
    )
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=20)
    weight = models.DecimalField(
        _("weight"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    is_default = models.BooleanField(_("used when none is chosen"), default=False)

    class Meta:
        verbose_name = _("kind of work")
        verbose_name_plural = _("kinds of work")
        ordering = ["school", "weight", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="work_kind_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.weight})"


class LessonType(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary lesson")
    TEST = "test", _("test")
    INDEPENDENT = "independent", _("independent work")
    LAB = "lab", _("laboratory work")
    PRACTICAL = "practical", _("practical work")
    CREDIT = "credit", _("credit test")
    EXAM = "exam", _("exam")


# Lesson types that go on the tests calendar of a period.
ASSESSED_TYPES = [
    LessonType.TEST,
    LessonType.INDEPENDENT,
    LessonType.LAB,
    LessonType.PRACTICAL,
    LessonType.CREDIT,
    LessonType.EXAM,
]


def _one_audience():
    return Q(school_class__isnull=False, group__isnull=True) | Q(
        school_class__isnull=True, group__isnull=False
    )


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


class TimetableEntry(models.Model):
    """A weekly slot of a class or group, valid between two dates."""

    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="timetable",
        verbose_name=_("academic year"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"), choices=Weekday.choices
    )
    lesson_number = models.PositiveSmallIntegerField(_("lesson number"))
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="timetable_entries",
        verbose_name=_("teacher"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="timetable",
        verbose_name=_("class"),
    )
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="timetable",
        verbose_name=_("group or stream"),
    )
    room = models.CharField(_("room"), max_length=30, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("timetable entry")
        verbose_name_plural = _("timetable")
        ordering = ["year", "weekday", "lesson_number"]
        constraints = [
            models.CheckConstraint(condition=_one_audience(), name="timetable_audience")
        ]

    def __str__(self):
        return f"{self.get_weekday_display()}, {self.lesson_number}: {self.subject}"

    def clean(self):
        if bool(self.school_class_id) == bool(self.group_id):
            raise ValidationError(_("Choose either a class or a group."))
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError(_("A timetable entry must end after it starts."))


class Lesson(models.Model):
    """One dated lesson of a class or group."""

    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="lessons",
        verbose_name=_("academic year"),
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("class"),
    )
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("group or stream"),
    )
    timetable_entry = models.ForeignKey(
        TimetableEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("timetable entry"),
    )
    planned_date = models.DateField(_("planned date"))
    planned_lesson_number = models.PositiveSmallIntegerField(_("planned lesson number"))
    planned_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planned teacher"),
    )
    planned_room = models.CharField(_("planned room"), max_length=30, blank=True)
    date = models.DateField(_("date"))
    lesson_number = models.PositiveSmallIntegerField(_("lesson number"))
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lessons_taught",
        verbose_name=_("teacher"),
    )
    room = models.CharField(_("room"), max_length=30, blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    lesson_type = models.CharField(
        _("lesson type"),
        max_length=12,
        choices=LessonType.choices,
        default=LessonType.ORDINARY,
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["date", "lesson_number"]
        constraints = [
            models.CheckConstraint(condition=_one_audience(), name="lesson_audience")
        ]
        indexes = [
            models.Index(fields=["school_class", "subject", "date"]),
            models.Index(fields=["group", "date"]),
            models.Index(fields=["teacher", "date"]),
            models.Index(fields=["year", "date"]),
        ]

    def __str__(self):
        return f"{self.date} {self.lesson_number}. {self.subject}"

    @property
    def audience(self):
        return self.school_class or self.group

    @property
    def is_changed(self):
        return (
            self.is_cancelled
            or self.date != self.planned_date
            or self.lesson_number != self.planned_lesson_number
            or self.teacher_id != self.planned_teacher_id
            or self.room != self.planned_room
        )


class LessonChange(models.Model):
    """A substitution, move or cancellation, announced with its reason."""

    class Kind(models.TextChoices):
        SUBSTITUTION = "substitution", _("substitution")
        MOVE = "move", _("move")
        CANCELLATION = "cancellation", _("cancellation")

    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("lesson"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    new_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("substitute teacher"),
    )
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_lesson_number = models.PositiveSmallIntegerField(
        _("new lesson number"), null=True, blank=True
    )
    new_room = models.CharField(_("new room"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("change to a lesson")
        verbose_name_plural = _("changes to lessons")
        ordering = ["lesson", "created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.lesson}"


class MarkValue(models.TextChoices):
    ONE = "1", "1"
    TWO = "2", "2"
    THREE = "3", "3"
    FOUR = "4", "4"
    FIVE = "5", "5"
    PASS = "зач", _("pass")
    FAIL = "незач", _("fail")


def mark_points(value):
    """The number a mark counts as in averages; None for pass or fail."""
    return int(value) if value and value.isdigit() else None


class Mark(models.Model):
    # The lesson and the student lead the composite indexes below, which
    # serve every lookup; single-column indexes would only slow down writes.
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="marks",
        verbose_name=_("lesson"),
        db_index=False,
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="marks",
        verbose_name=_("student"),
        db_index=False,
    )
    column = models.PositiveSmallIntegerField(_("column"), default=1)
    value = models.CharField(_("mark"), max_length=5, choices=MarkValue.choices)
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    work_kind = models.ForeignKey(
        WorkKind,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kind of work"),
    )
    weight = models.DecimalField(_("weight"), max_digits=3, decimal_places=1)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = MarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        ordering = ["lesson", "student", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "student", "column"], name="mark_once_per_cell"
            )
        ]
        indexes = [models.Index(fields=["student", "lesson"])]

    def __str__(self):
        return self.value

    def save(self, *args, **kwargs):
        self.points = mark_points(self.value)
        super().save(*args, **kwargs)


class MarkChange(models.Model):
    """Who changed a mark, when, from what to what, and why."""

    mark = models.ForeignKey(
        Mark,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="history",
        verbose_name=_("mark"),
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("student"),
    )
    column = models.PositiveSmallIntegerField(_("column"), default=1)
    old_value = models.CharField(_("old mark"), max_length=5, blank=True)
    new_value = models.CharField(_("new mark"), max_length=5, blank=True)
    old_work_kind = models.ForeignKey(
        WorkKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("old kind of work"),
    )
    new_work_kind = models.ForeignKey(
        WorkKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new kind of work"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    outside_edit_window = models.BooleanField(_("after the edit window"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    objects = MarkChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change of a mark")
        verbose_name_plural = _("changes of marks")
        ordering = ["-changed_at"]
        indexes = [models.Index(fields=["lesson", "student", "column"])]

    def __str__(self):
        return f"{self.old_value or '—'} → {self.new_value or '—'}"


class Attendance(models.Model):
    class Code(models.TextChoices):
        ABSENT = "н", _("absent")
        ILL = "б", _("ill")
        EXCUSED = "у", _("excused")
        LATE = "о", _("late")

    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("lesson"),
        db_index=False,
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("student"),
        db_index=False,
    )
    code = models.CharField(_("attendance"), max_length=1, choices=Code.choices)
    note = models.CharField(_("guardian's note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "student"], name="attendance_once_per_lesson"
            )
        ]
        indexes = [models.Index(fields=["student", "lesson"])]

    def __str__(self):
        return self.code


class Homework(models.Model):
    """Homework given in a lesson, for the whole audience or one student."""

    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="homework",
        verbose_name=_("lesson"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="individual_homework",
        verbose_name=_("only for the student"),
    )
    text = models.TextField(_("assignment"))
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("given by"),
    )
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    objects = HomeworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("homework")
        verbose_name_plural = _("homework")
        ordering = ["due_date", "lesson"]
        indexes = [models.Index(fields=["due_date"])]

    def __str__(self):
        return self.text[:60]


def homework_file_path(instance, filename):
    return f"homework/{instance.homework_id}/{instance.stored_name}"


class HomeworkFile(models.Model):
    homework = models.ForeignKey(
        Homework,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("homework"),
    )
    file = models.FileField(_("file"), upload_to=homework_file_path)
    stored_name = models.CharField(max_length=64, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size, bytes"))

    class Meta:
        verbose_name = _("homework file")
        verbose_name_plural = _("homework files")

    def __str__(self):
        return self.original_name


class HomeworkDone(models.Model):
    """A student (or their guardian) ticked the homework as done."""

    homework = models.ForeignKey(
        Homework,
        on_delete=models.CASCADE,
        related_name="done",
        verbose_name=_("homework"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="homework_done",
        verbose_name=_("student"),
    )
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        verbose_name = _("homework done")
        verbose_name_plural = _("homework done")
        constraints = [
            models.UniqueConstraint(
                fields=["homework", "student"], name="homework_done_once"
            )
        ]

    def __str__(self):
        return f"{self.homework}: {self.done_at:%Y-%m-%d}"


class Recommendation(models.Model):
    """A teacher's word to a student's guardians or to a whole class."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recommendations_written",
        verbose_name=_("author"),
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("student"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("class"),
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=False, school_class__isnull=True)
                | Q(student__isnull=True, school_class__isnull=False),
                name="recommendation_to_student_or_class",
            )
        ]

    def __str__(self):
        return self.text[:60]
