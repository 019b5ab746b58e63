from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from .context_processors import ROLE_HOMES
from .models import (
    Enrolment,
    GroupMembership,
    Guardianship,
    Role,
    SchoolClass,
    Student,
    StudyGroup,
    TeachingAssignment,
)


def role_required(role):
    """Only for people holding the role; anyone else is told the page is
    not there."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(role):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def today():
    return timezone.localdate()


@login_required
def home(request):
    role = request.user.main_role()
    if role is None:
        return render(request, "school/no_role.html")
    return redirect(ROLE_HOMES[role])


def health(request):
    """A page that touches neither the database nor the session store: a
    liveness check, and the floor of the stack in the benchmarks."""
    return render(request, "school/health.html")


def favicon(request):
    """Browsers ask for it on pages that name no icon, such as the admin's."""
    return redirect(static("img/favicon.svg"), permanent=True)


@require_POST
def language_set(request):
    """Switch the interface language and remember it for the person."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    response = redirect(next_url)
    if check_for_language(language):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie("django_language", language, samesite="Lax")
    return response


def _current_enrolments():
    return Enrolment.objects.on(today())


@role_required(Role.GUARDIAN)
def guardian_home(request):
    links = (
        Guardianship.objects.filter(guardian=request.user)
        .select_related("student")
        .prefetch_related(
            Prefetch(
                "student__enrolments",
                queryset=_current_enrolments().select_related(
                    "school_class__homeroom_teacher", "school_class__school"
                ),
                to_attr="current_enrolments",
            )
        )
        .order_by("student__birth_date")
    )
    return render(request, "school/guardian_home.html", {"links": links})


@role_required(Role.STUDENT)
def student_home(request):
    enrolment = (
        _current_enrolments()
        .filter(student=request.user)
        .select_related("school_class__homeroom_teacher", "school_class__school")
        .first()
    )
    memberships = GroupMembership.objects.on(today()).filter(student=request.user)
    groups = StudyGroup.objects.filter(
        pk__in=memberships.values("group_id")
    ).select_related("subject")
    return render(
        request, "school/student_home.html", {"enrolment": enrolment, "groups": groups}
    )


@role_required(Role.TEACHER)
def teacher_home(request):
    assignments = (
        TeachingAssignment.objects.filter(
            teacher=request.user,
            year__starts_on__lte=today(),
            year__ends_on__gte=today(),
        )
        .select_related("subject", "school_class", "group", "individual_plan__student")
        .order_by("school_class__grade", "school_class__letter", "group__name")
    )
    homeroom = SchoolClass.objects.filter(
        homeroom_teacher=request.user,
        year__starts_on__lte=today(),
        year__ends_on__gte=today(),
    )
    return render(
        request,
        "school/teacher_home.html",
        {"assignments": assignments, "homeroom": homeroom},
    )


def _school_classes(request):
    day = today()
    current = Q(enrolments__starts_on__lte=day) & (
        Q(enrolments__ends_on__isnull=True) | Q(enrolments__ends_on__gte=day)
    )
    return (
        SchoolClass.objects.visible_to(request.user)
        .filter(year__starts_on__lte=day, year__ends_on__gte=day)
        .select_related("homeroom_teacher", "school")
        .annotate(student_count=Count("enrolments", filter=current))
        .order_by("school__short_name", "grade", "letter")
    )


@role_required(Role.ADMIN)
def admin_home(request):
    return render(
        request, "school/admin_home.html", {"classes": _school_classes(request)}
    )


@role_required(Role.CLERK)
def clerk_home(request):
    return render(
        request, "school/clerk_home.html", {"classes": _school_classes(request)}
    )


@login_required
def class_detail(request, pk):
    school_class = get_object_or_404(
        SchoolClass.objects.visible_to(request.user).select_related(
            "homeroom_teacher", "school", "year"
        ),
        pk=pk,
    )
    students = (
        school_class.students_on(today())
        .filter(pk__in=Student.objects.visible_to(request.user).values("pk"))
        .order_by("last_name", "first_name")
    )
    assignments = (
        TeachingAssignment.objects.filter(
            Q(school_class=school_class) | Q(group__classes=school_class)
        )
        .select_related("teacher", "subject", "group")
        .order_by("subject__name", "group__name")
        .distinct()
    )
    return render(
        request,
        "school/class_detail.html",
        {
            "school_class": school_class,
            "students": students,
            "assignments": assignments,
            "back_url": reverse("home"),
        },
    )
