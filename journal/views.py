"""Pages of the class journal. Every lesson, class and group is fetched
through a visibility queryset: someone else's id answers 404."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consent.rules import cabinet_access, guardian_may_view_in_cabinet
from school.models import (
    AcademicYear,
    Role,
    RoleAssignment,
    SchoolClass,
    Student,
    StudyGroup,
    Subject,
    TeachingAssignment,
    User,
)
from school.views import role_required

from . import selectors, services
from .forms import (
    ExcuseForm,
    HomeworkForm,
    LessonChangeForm,
    LessonDescribeForm,
    RecommendationForm,
    RegenerateForm,
)
from .models import (
    Attendance,
    HomeworkFile,
    Lesson,
    LessonChange,
    MarkChange,
    WorkKind,
)

CELL_NAME = re.compile(r"cell-(\d+)-([12])")


def _is_admin_of(user, school_id):
    return RoleAssignment.objects.filter(
        user=user, school_id=school_id, role=Role.ADMIN
    ).exists()


def _audience(user, kind, pk):
    if kind not in ("class", "group"):
        raise Http404
    model = StudyGroup if kind == "group" else SchoolClass
    return get_object_or_404(
        model.objects.visible_to(user).select_related("year", "school"), pk=pk
    )


def _teaches(user, audience, subject):
    of = {"group": audience} if selectors.audience_kind(audience) == "group" else {}
    of = of or {"school_class": audience}
    return TeachingAssignment.objects.filter(
        teacher=user, subject=subject, **of
    ).exists()


def lessons_for_entry(user):
    """Lessons the user may fill, with the school's default kind of work."""
    kinds = WorkKind.objects.filter(school=OuterRef("year__school")).order_by(
        "-is_default", "weight"
    )
    return (
        Lesson.objects.editable_by(user)
        .select_related("year__school")
        .annotate(
            default_work_kind_id=Subquery(kinds.values("pk")[:1]),
            default_work_kind_weight=Subquery(kinds.values("weight")[:1]),
        )
    )


@login_required
def grid(request, kind, pk, subject_pk, overlay=None, status=200):
    audience = _audience(request.user, kind, pk)
    subject = get_object_or_404(Subject, pk=subject_pk, school=audience.school_id)
    editable = _teaches(request.user, audience, subject)
    if not editable and not _is_admin_of(request.user, audience.school_id):
        raise Http404
    periods = selectors.periods_for(audience)
    period = next(
        (p for p in periods if str(p.pk) == request.GET.get("period")),
        selectors.current_period(periods, timezone.localdate()),
    )
    if period is None:
        raise Http404
    journal = selectors.journal_grid(
        audience=audience, subject=subject, period=period, overlay=overlay
    )
    return render(
        request,
        "journal/grid.html",
        {
            "grid": journal,
            "kind": kind,
            "periods": periods,
            "editable": editable,
            "saved_lesson": request.GET.get("saved"),
            "back": request.get_full_path(),
        },
        status=status,
    )


def _cells_from(post, kinds=None):
    kinds = kinds or {}
    cells = []
    for name, text in post.items():
        match = CELL_NAME.fullmatch(name)
        if not match:
            continue
        key = f"{match[1]}-{match[2]}"
        cells.append(
            services.Cell(
                student_id=int(match[1]),
                column=int(match[2]),
                text=text[:20],
                seen=post.get(f"seen-{key}"),
                reason=post.get(f"reason-{key}", "")[:300],
                comment=post.get(f"comment-{key}"),
                work_kind=kinds.get(int(match[2])),
            )
        )
    return cells


def _kinds_from(post, lesson):
    wanted = {c: post.get(f"kind-{c}") for c in (1, 2)}
    ids = [v for v in wanted.values() if v and v.isdigit()]
    if not ids:
        return {}
    found = {
        str(k.pk): k
        for k in WorkKind.objects.filter(pk__in=ids, school=lesson.year.school_id)
    }
    return {c: found[v] for c, v in wanted.items() if v in found}


@require_POST
@login_required
def marks_save(request, pk):
    """Save one cell (htmx) or a whole column (a plain form) in one
    transaction; refused cells come back with their message."""
    lesson = get_object_or_404(lessons_for_entry(request.user), pk=pk)
    cells = _cells_from(request.POST, _kinds_from(request.POST, lesson))
    results = services.marks_save(lesson=lesson, cells=cells, by=request.user)

    if request.headers.get("HX-Request"):
        return _cells_response(request, lesson, results)
    refused = {
        (r.cell.student_id, lesson.pk, r.cell.column): r for r in results if not r.ok
    }
    if request.POST.get("return_to") == "lesson":
        if refused:
            return lesson_page(request, lesson.pk, overlay=refused, status=422)
        return redirect(reverse("journal:lesson", args=[lesson.pk]) + "?saved=1")
    kind = "group" if lesson.group_id else "class"
    audience_pk = lesson.group_id or lesson.school_class_id
    if refused:
        request.GET = request.GET.copy()
        request.GET["period"] = request.POST.get("period", "")
        return grid(
            request, kind, audience_pk, lesson.subject_id, overlay=refused, status=422
        )
    url = reverse("journal:grid", args=[kind, audience_pk, lesson.subject_id])
    return redirect(f"{url}?period={request.POST.get('period', '')}&saved={lesson.pk}")


def _cells_response(request, lesson, results):
    cells = []
    for result in results:
        cell = selectors.GridCell(result.cell.student_id, lesson, result.cell.column)
        cells.append(selectors.cell_from_result(cell, result))
    return render(
        request,
        "journal/_cells.html",
        {"cells": cells, "editable": True},
    )


def _visible_lesson(user, pk):
    lesson = get_object_or_404(
        Lesson.objects.visible_to(user).select_related(
            "year__school", "subject", "school_class", "group", "teacher"
        ),
        pk=pk,
    )
    return lesson


def _may_fill(user, lesson):
    return Lesson.objects.editable_by(user).filter(pk=lesson.pk).exists()


def _may_see_entries(user, lesson):
    """Marks of a lesson are for its teachers and the administrators."""
    if _may_fill(user, lesson) or _is_admin_of(user, lesson.year.school_id):
        return True
    raise Http404


@login_required
def lesson_page(request, pk, overlay=None, status=200):
    lesson = _visible_lesson(request.user, pk)
    _may_see_entries(request.user, lesson)
    editable = _may_fill(request.user, lesson)
    students = _lesson_students(lesson)
    overlay = overlay or {}
    rows = []
    marks = {(m.student_id, m.column): m for m in lesson.marks.all()}
    codes = dict(lesson.attendance.values_list("student_id", "code"))
    for student in students:
        cells = []
        for column in (1, 2):
            mark = marks.get((student.pk, column))
            code = codes.get(student.pk, "") if column == 1 else ""
            cell = selectors.GridCell(
                student.pk,
                lesson,
                column,
                text=services.cell_text(code, mark.value if mark else ""),
                seen=services.cell_seen(mark, code),
                enabled=not lesson.is_cancelled,
                comment=mark.comment if mark else "",
            )
            key = (student.pk, lesson.pk, column)
            if key in overlay:
                selectors.cell_from_result(cell, overlay[key])
            cells.append(cell)
        rows.append({"student": student, "cells": cells})
    return render(
        request,
        "journal/lesson.html",
        {
            "lesson": lesson,
            "rows": rows,
            "editable": editable,
            "describe_form": LessonDescribeForm(
                initial={"topic": lesson.topic, "lesson_type": lesson.lesson_type}
            ),
            "homework_form": HomeworkForm(students=students),
            "homework": lesson.homework.select_related("student").prefetch_related(
                "files"
            ),
            "changes": lesson.changes.select_related("new_teacher", "created_by"),
            "kinds": WorkKind.objects.filter(school=lesson.year.school_id),
            "saved": request.GET.get("saved"),
            "is_admin": _is_admin_of(request.user, lesson.year.school_id),
        },
        status=status,
    )


def _lesson_students(lesson):
    ids = services.lesson_students(lesson)
    return list(User.objects.filter(pk__in=ids).order_by("last_name", "first_name"))


def _fillable(user, pk):
    return get_object_or_404(
        Lesson.objects.editable_by(user).select_related("year__school"), pk=pk
    )


@require_POST
@login_required
def lesson_describe(request, pk):
    lesson = _fillable(request.user, pk)
    form = LessonDescribeForm(request.POST)
    if form.is_valid():
        services.lesson_describe(lesson=lesson, by=request.user, **form.cleaned_data)
        messages.success(request, _("The lesson is saved."))
    else:
        messages.error(request, _("Check the topic and the type of the lesson."))
    return redirect("journal:lesson", lesson.pk)


@require_POST
@login_required
def homework_give(request, pk):
    lesson = _fillable(request.user, pk)
    students = _lesson_students(lesson)
    form = HomeworkForm(request.POST, request.FILES, students=students)
    if form.is_valid():
        data = form.cleaned_data
        student = next((s for s in students if s.pk == data["student"]), None)
        try:
            services.homework_give(
                lesson=lesson,
                text=data["text"],
                due_date=data["due_date"],
                student=student,
                files=request.FILES.getlist("files"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return render(
            request,
            "journal/homework_form.html",
            {"lesson": lesson, "form": form},
            status=422,
        )
    messages.success(request, _("The homework is given."))
    return redirect("journal:lesson", lesson.pk)


STAFF_ROLES = (Role.TEACHER, Role.ADMIN, Role.CLERK)


def _may_open_homework(user, homework):
    """Staff of the school open what they may see. A guardian or a student
    sees homework only through a child, and then the consent register
    decides, as in the cabinet: a family whose child's progress goes on
    paper gets no file electronically either."""
    lesson = homework.lesson
    staff = RoleAssignment.objects.filter(
        user=user, school_id=lesson.year.school_id, role__in=STAFF_ROLES
    )
    if staff.exists():
        return True
    attends = (
        Q(enrolments__school_class_id=lesson.school_class_id)
        if lesson.school_class_id
        else Q(group_memberships__group_id=lesson.group_id)
    )
    children = Student.objects.filter(
        Q(pk=user.pk) | Q(guardianships__guardian=user), attends
    )
    if homework.student_id:
        children = children.filter(pk=homework.student_id)
    allowed = cabinet_access(person=user, students=list(children.distinct()))
    return any(allowed.values())


@login_required
def homework_file(request, pk):
    """Attachments are served only to those who may see the homework, as a
    download the browser never renders in the portal's origin."""
    attached = get_object_or_404(
        HomeworkFile.objects.filter(
            homework__in=services.Homework.objects.visible_to(request.user)
        ).select_related("homework__lesson__year"),
        pk=pk,
    )
    if not _may_open_homework(request.user, attached.homework):
        raise Http404
    response = FileResponse(
        attached.file.open("rb"),
        as_attachment=True,
        filename=attached.original_name,
        content_type=attached.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def mark_history(request, pk):
    lesson = _visible_lesson(request.user, pk)
    _may_see_entries(request.user, lesson)
    changes = (
        MarkChange.objects.filter(lesson=lesson)
        .select_related("student", "changed_by", "old_work_kind", "new_work_kind")
        .order_by("-changed_at", "-pk")
    )
    return render(
        request, "journal/history.html", {"lesson": lesson, "changes": changes}
    )


@role_required(Role.ADMIN)
def late_changes(request):
    changes = (
        MarkChange.objects.for_review_by(request.user)
        .select_related(
            "lesson__subject",
            "lesson__school_class",
            "lesson__group",
            "student",
            "changed_by",
            "reviewed_by",
        )
        .order_by("reviewed_at", "-changed_at")[:200]
    )
    return render(request, "journal/late_changes.html", {"changes": changes})


@require_POST
@role_required(Role.ADMIN)
def late_change_reviewed(request, pk):
    change = get_object_or_404(MarkChange.objects.for_review_by(request.user), pk=pk)
    services.mark_change_review(change=change, by=request.user)
    return redirect("journal:late_changes")


def _administered_lesson(user, pk):
    lesson = _visible_lesson(user, pk)
    if not _is_admin_of(user, lesson.year.school_id):
        raise Http404
    return lesson


@role_required(Role.ADMIN)
def lesson_change(request, pk):
    lesson = _administered_lesson(request.user, pk)
    teachers = User.objects.filter(
        roles__school_id=lesson.year.school_id, roles__role=Role.TEACHER
    ).order_by("last_name", "first_name")
    form = LessonChangeForm(request.POST or None, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        try:
            _apply_change(lesson, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The change is recorded and announced."))
            return redirect("journal:lesson", lesson.pk)
    return render(
        request,
        "journal/lesson_change.html",
        {"lesson": lesson, "form": form},
        status=422 if form.errors else 200,
    )


def _apply_change(lesson, data, by):
    kind, reason = data["kind"], data["reason"]
    if kind == LessonChange.Kind.SUBSTITUTION:
        teacher = get_object_or_404(
            User,
            pk=data["teacher"],
            roles__school_id=lesson.year.school_id,
            roles__role=Role.TEACHER,
        )
        return services.lesson_substitute(
            lesson=lesson, teacher=teacher, reason=reason, by=by
        )
    if kind == LessonChange.Kind.MOVE:
        return services.lesson_move(
            lesson=lesson,
            reason=reason,
            by=by,
            date=data["date"],
            lesson_number=data["lesson_number"],
            room=data["room"] or None,
        )
    return services.lesson_cancel(lesson=lesson, reason=reason, by=by)


@role_required(Role.ADMIN)
def timetable_regenerate(request):
    years = AcademicYear.objects.filter(
        school__in=request.user.schools_with(Role.ADMIN)
    )
    form = RegenerateForm(request.POST or None, years=years)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.lessons_generate(
            year=form.cleaned_data["year"],
            from_date=form.cleaned_data["from_date"],
            by=request.user,
        )
    return render(request, "journal/regenerate.html", {"form": form, "result": result})


@login_required
def attendance_excuse(request, pk):
    """A guardian explains an absence of their child. A family whose
    child's progress goes on paper (no consent to the cabinet) gets no
    electronic view of it here either."""
    attendance = get_object_or_404(
        Attendance.objects.filter(
            student__guardianships__guardian=request.user
        ).select_related("lesson__subject", "student"),
        pk=pk,
    )
    if not guardian_may_view_in_cabinet(
        guardian=request.user, student=attendance.student
    ):
        raise Http404
    form = ExcuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_excuse(
                attendance=attendance,
                guardian=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the absence is excused."))
            return redirect("home")
    return render(
        request,
        "journal/excuse.html",
        {"attendance": attendance, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def recommendation_new(request, class_pk):
    school_class = get_object_or_404(
        SchoolClass.objects.taught_by(request.user), pk=class_pk
    )
    students = list(
        school_class.students_on(timezone.localdate()).order_by(
            "last_name", "first_name"
        )
    )
    form = RecommendationForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        student = next(
            (s for s in students if s.pk == form.cleaned_data["student"]), None
        )
        services.recommendation_write(
            author=request.user,
            text=form.cleaned_data["text"],
            student=student,
            school_class=None if student else school_class,
        )
        messages.success(request, _("The recommendation is sent."))
        return redirect("school:teacher_home")
    return render(
        request,
        "journal/recommendation_form.html",
        {"school_class": school_class, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def tests_calendar(request, kind, pk):
    audience = _audience(request.user, kind, pk)
    periods = selectors.periods_for(audience)
    period = next(
        (p for p in periods if str(p.pk) == request.GET.get("period")),
        selectors.current_period(periods, timezone.localdate()),
    )
    if period is None:
        raise Http404
    return render(
        request,
        "journal/tests_calendar.html",
        {
            "audience": audience,
            "kind": kind,
            "period": period,
            "periods": periods,
            "lessons": selectors.tests_calendar(audience, period),
        },
    )
