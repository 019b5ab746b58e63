"""Writes to the school structure: each one transaction, each validated."""

from datetime import timedelta

from django.db import transaction

from .models import Enrolment, Guardianship, Role, RoleAssignment


def role_grant(*, user, school, role):
    RoleAssignment.objects.get_or_create(user=user, school=school, role=role)


@transaction.atomic
def enrolment_start(*, student, school_class, starts_on):
    enrolment = Enrolment(
        student=student, school_class=school_class, starts_on=starts_on
    )
    enrolment.full_clean()
    enrolment.save()
    role_grant(user=student, school=school_class.school, role=Role.STUDENT)
    return enrolment


@transaction.atomic
def student_transfer(*, student, to_class, on):
    """Move a student to another class from a date; the old enrolment ends
    the day before and stays in the history."""
    current = (
        Enrolment.objects.select_for_update()
        .filter(student=student, ends_on__isnull=True)
        .first()
    )
    if current:
        current.ends_on = on - timedelta(days=1)
        current.full_clean()
        current.save(update_fields=["ends_on"])
    return enrolment_start(student=student, school_class=to_class, starts_on=on)


@transaction.atomic
def guardianship_add(*, guardian, student, relation):
    link = Guardianship(guardian=guardian, student=student, relation=relation)
    link.full_clean()
    link.save()
    schools = {
        e.school_class.school
        for e in student.enrolments.select_related("school_class__school")
    }
    for school in schools:
        role_grant(user=guardian, school=school, role=Role.GUARDIAN)
    return link
