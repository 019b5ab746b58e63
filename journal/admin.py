"""Admin screens of the journal, scoped to the schools a person runs."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from school.admin import SchoolScopedAdmin

from . import models, services


@admin.register(models.WorkKind)
class WorkKindAdmin(SchoolScopedAdmin):
    list_display = ["name", "short_name", "weight", "is_default", "school"]


@admin.register(models.TimetableEntry)
class TimetableEntryAdmin(SchoolScopedAdmin):
    school_path = "year__school"
    list_display = [
        "weekday",
        "lesson_number",
        "subject",
        "school_class",
        "group",
        "teacher",
        "room",
        "valid_from",
        "valid_until",
    ]
    list_select_related = ["subject", "school_class", "group", "teacher"]
    list_filter = ["weekday", "school_class", "year"]
    autocomplete_fields = ["teacher"]
    actions = ["regenerate_from_today"]

    @admin.action(description=_("Make the lessons again from today"))
    def regenerate_from_today(self, request, queryset):
        years = {entry.year for entry in queryset.select_related("year")}
        for year in years:
            result = services.lessons_generate(
                year=year, from_date=timezone.localdate(), by=request.user
            )
            self.message_user(
                request,
                ngettext(
                    "%(year)s: %(count)d lesson made.",
                    "%(year)s: %(count)d lessons made.",
                    result.created,
                )
                % {"year": year, "count": result.created},
                messages.SUCCESS,
            )


class LessonChangeInline(admin.TabularInline):
    model = models.LessonChange
    extra = 0
    readonly_fields = [
        "kind",
        "reason",
        "new_teacher",
        "new_date",
        "new_lesson_number",
        "new_room",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Lesson)
class LessonAdmin(SchoolScopedAdmin):
    school_path = "year__school"
    list_display = ["date", "lesson_number", "subject", "school_class", "group"]
    list_select_related = ["subject", "school_class", "group"]
    list_filter = ["lesson_type", "is_cancelled"]
    date_hierarchy = "date"
    raw_id_fields = ["timetable_entry"]
    readonly_fields = [
        "planned_date",
        "planned_lesson_number",
        "planned_teacher",
        "planned_room",
    ]
    inlines = [LessonChangeInline]


@admin.register(models.MarkChange)
class MarkChangeAdmin(SchoolScopedAdmin):
    school_path = "lesson__year__school"
    list_display = [
        "changed_at",
        "lesson",
        "old_value",
        "new_value",
        "reason",
        "outside_edit_window",
        "reviewed_at",
    ]
    list_select_related = ["lesson__subject"]
    list_filter = ["outside_edit_window"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
