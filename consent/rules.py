"""The one place that decides whether a child's data may go to a guardian
electronically. The cabinet, notifications and the API all ask here.

The answer for a day follows the guardian's decision in force that day for
that child at the school the child attends that day: the latest record
signed by then that no correction has replaced. A consent covering the
channel allows it; a refusal, a withdrawal or no decision means paper.
"""

from django.utils import timezone

from school.models import Enrolment, Guardianship

from .models import Channel, ConsentRecord


def decision_on(*, student, guardian, on=None):
    """The record in force on the day (today by default), or None."""
    on = on or timezone.localdate()
    schools = Enrolment.objects.on(on).filter(student=student)
    return (
        ConsentRecord.objects.in_force_on(on)
        .filter(
            guardian=guardian,
            student=student,
            school_id__in=schools.values("school_class__school_id"),
        )
        .latest_first()
        .first()
    )


def electronic_delivery_allowed(*, student, guardian, channel, on=None):
    """True when the guardian's decision in force on the day (today by
    default) is a consent for this child that covers the channel (one of
    Channel: cabinet, email, sms)."""
    channel = Channel(channel)
    if not Guardianship.objects.filter(guardian=guardian, student=student).exists():
        return False
    record = decision_on(student=student, guardian=guardian, on=on)
    return record is not None and record.covers(channel)


def guardian_may_view_in_cabinet(*, guardian, student, on=None):
    """May this guardian see this child's data in the personal cabinet."""
    return electronic_delivery_allowed(
        student=student, guardian=guardian, channel=Channel.CABINET, on=on
    )
