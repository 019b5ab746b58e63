"""The one place that decides whether a child's data may go to a guardian
electronically. The cabinet, notifications and the API all ask here.

The answer for a day follows the guardian's decision in force that day for
that child at the school the child attends that day: the latest record
signed by then that no correction has replaced. A consent covering the
channel allows it; a refusal, a withdrawal or no decision means paper.
"""

from django.db.models import Exists, OuterRef, Q
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


def cabinet_access(*, person, students, on=None):
    """Whether `person` may see each of `students` in the cabinet on the day:
    the rule of `guardian_may_view_in_cabinet` for their children, and for a
    student opening their own cabinet, the consent of any of their
    guardians. Answers {student id: bool} from one query, for pages that
    show several children at once."""
    on = on or timezone.localdate()
    ids = [s.pk for s in students]
    records = (
        ConsentRecord.objects.in_force_on(on)
        .filter(student_id__in=ids)
        .filter(
            Exists(
                Enrolment.objects.on(on).filter(
                    student_id=OuterRef("student_id"),
                    school_class__school_id=OuterRef("school_id"),
                )
            ),
            Exists(
                Guardianship.objects.filter(
                    guardian_id=OuterRef("guardian_id"),
                    student_id=OuterRef("student_id"),
                )
            ),
        )
        .filter(Q(guardian=person) | Q(student=person))
        .latest_first()
    )
    in_force = {}
    for record in records:
        in_force.setdefault((record.student_id, record.guardian_id), record)
    return {
        pk: any(
            r.covers(Channel.CABINET)
            for (student_id, guardian_id), r in in_force.items()
            if student_id == pk and (pk == person.pk or guardian_id == person.pk)
        )
        for pk in ids
    }
