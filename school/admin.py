"""Admin screens for the school structure.

A school administrator (staff, not superuser) sees and edits only the rows
of the schools they administer; a municipality operator (superuser) sees
all schools.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import models

# How each related model reaches its school, to narrow the choices in forms.
SCHOOL_PATHS = {
    models.School: "pk",
    models.User: "roles__school",
    models.AcademicYear: "school",
    models.Period: "year__school",
    models.SchoolClass: "school",
    models.Subject: "school",
    models.StudyGroup: "school",
    models.IndividualPlan: "year__school",
}


def _administered(request):
    return models.School.objects.administered_by(request.user)


def _narrowed(request, queryset):
    path = SCHOOL_PATHS.get(queryset.model)
    if request.user.is_superuser or path is None:
        return queryset
    return queryset.filter(**{f"{path}__in": _administered(request)}).distinct()


class SchoolScopedAdmin(admin.ModelAdmin):
    """Rows and choices narrowed to the schools the user administers."""

    school_path = "school"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        schools = _administered(request)
        return queryset.filter(**{f"{self.school_path}__in": schools}).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = _narrowed(request, field.queryset)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = _narrowed(request, field.queryset)
        return field

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        return _narrowed(request, queryset), distinct


@admin.register(models.School)
class SchoolAdmin(SchoolScopedAdmin):
    school_path = "pk"

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    list_display = ["short_name", "name", "time_zone"]
    search_fields = ["name", "short_name"]


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    """People of the administered schools only, for a school administrator."""

    list_display = ["username", "last_name", "first_name", "patronymic", "is_active"]
    search_fields = ["username", "last_name", "first_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {
                "fields": (
                    "last_name",
                    "first_name",
                    "patronymic",
                    "birth_date",
                    "email",
                )
            },
        ),
        (_("Preferences"), {"fields": ("language",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
    )

    def get_queryset(self, request):
        return _narrowed(request, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("is_staff", "is_superuser", "groups")


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(SchoolScopedAdmin):
    list_display = ["user", "role", "school"]
    list_filter = ["role"]
    search_fields = ["user__last_name", "user__username"]
    autocomplete_fields = ["user"]


class ScopedInline(admin.TabularInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = _narrowed(request, field.queryset)
        return field


class GradeSchemeInline(admin.TabularInline):
    model = models.GradeScheme
    extra = 0


class PeriodInline(admin.TabularInline):
    model = models.Period
    extra = 0


class HolidayInline(admin.TabularInline):
    model = models.Holiday
    extra = 0


@admin.register(models.AcademicYear)
class AcademicYearAdmin(SchoolScopedAdmin):
    list_display = ["name", "school", "starts_on", "ends_on"]
    inlines = [GradeSchemeInline, HolidayInline, PeriodInline]


@admin.register(models.Bell)
class BellAdmin(SchoolScopedAdmin):
    list_display = ["number", "starts_at", "ends_at", "school"]


@admin.register(models.Subject)
class SubjectAdmin(SchoolScopedAdmin):
    list_display = ["name", "short_name", "school"]
    search_fields = ["name"]


class EnrolmentInline(ScopedInline):
    model = models.Enrolment
    extra = 0
    autocomplete_fields = ["student"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("student", "school_class")


@admin.register(models.SchoolClass)
class SchoolClassAdmin(SchoolScopedAdmin):
    list_display = ["__str__", "year", "homeroom_teacher", "school"]
    list_select_related = ["year", "homeroom_teacher", "school"]
    list_filter = ["grade"]
    autocomplete_fields = ["homeroom_teacher"]
    inlines = [EnrolmentInline]


class GroupMembershipInline(ScopedInline):
    model = models.GroupMembership
    extra = 0
    autocomplete_fields = ["student"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("student", "group")


@admin.register(models.StudyGroup)
class StudyGroupAdmin(SchoolScopedAdmin):
    list_display = ["name", "kind", "subject", "year"]
    list_select_related = ["subject", "year"]
    filter_horizontal = ["classes"]
    inlines = [GroupMembershipInline]


@admin.register(models.Guardianship)
class GuardianshipAdmin(SchoolScopedAdmin):
    school_path = "student__enrolments__school_class__school"
    list_display = ["guardian", "student", "relation"]
    autocomplete_fields = ["guardian", "student"]


@admin.register(models.IndividualPlan)
class IndividualPlanAdmin(SchoolScopedAdmin):
    school_path = "year__school"
    list_display = ["student", "year", "starts_on", "ends_on"]
    autocomplete_fields = ["student"]


@admin.register(models.TeachingAssignment)
class TeachingAssignmentAdmin(SchoolScopedAdmin):
    school_path = "year__school"
    list_display = ["teacher", "subject", "school_class", "group", "individual_plan"]
    list_select_related = [
        "teacher",
        "subject",
        "school_class",
        "group",
        "individual_plan__student",
    ]
    list_filter = ["subject"]
    autocomplete_fields = ["teacher"]


@admin.register(models.CurriculumHours)
class CurriculumHoursAdmin(SchoolScopedAdmin):
    school_path = "period__year__school"
    list_display = [
        "subject",
        "school_class",
        "period",
        "weekly_hours",
        "planned_hours",
    ]
    list_select_related = ["subject", "school_class", "period"]
    list_filter = ["period"]
