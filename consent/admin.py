"""Read-only views of the register for the municipality operator: every
write goes through the register's own screens and services."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["pk", "school", "decision", "signed_on", "form", "recorded_at"]
    list_filter = ["school", "decision", "form"]
    date_hierarchy = "signed_on"


@admin.register(models.DestructionAct)
class DestructionActAdmin(ReadOnlyAdmin):
    list_display = ["pk", "school", "destroyed_at", "keep_until"]
    list_filter = ["school"]


@admin.register(models.AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "guardian_id", "student_id", "object_id"]
    list_filter = ["action"]
