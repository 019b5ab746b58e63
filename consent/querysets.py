"""Who may see which consent records, contacts and acts."""

from django.apps import apps
from django.db import models
from django.db.models import Q


def _administered_schools(user):
    return (
        apps.get_model("school", "RoleAssignment")
        .objects.filter(user=user, role="admin")
        .values("school_id")
    )


def _guardians_of_administered_schools(user):
    return (
        apps.get_model("school", "Guardianship")
        .objects.filter(
            student__enrolments__school_class__school_id__in=_administered_schools(user)
        )
        .values("guardian_id")
    )


class ConsentRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A guardian sees their own records; an administrator those of
        their school."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(guardian=user) | Q(school_id__in=_administered_schools(user))
        )

    def in_force_on(self, day):
        """Records signed by the day that no correction has replaced."""
        return self.filter(signed_on__lte=day, superseded_by__isnull=True)

    def latest_first(self):
        return self.order_by("-signed_on", "-recorded_at", "-pk")


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(guardian=user)
            | Q(guardian_id__in=_guardians_of_administered_schools(user))
        )

    def current(self):
        return self.filter(retired_at__isnull=True)

    def confirmed(self):
        return self.current().filter(confirmed_at__isnull=False)


class DestructionActQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(school_id__in=_administered_schools(user))
