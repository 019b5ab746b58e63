"""Reads of the register that other parts use: who needs paper, which
contacts may receive, the state of a class."""

from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from school.models import Enrolment, Guardianship, Student

from .models import Channel, ConsentRecord, Contact
from .rules import electronic_delivery_allowed

NO_DECISION = "none"


def guardianships_with_decision(*, school, on):
    """Each guardian–child link of the school's students on the day, with
    the decision in force (`decision`, NO_DECISION when there is none) and
    whether it covers the cabinet (`covers_cabinet`)."""
    enrolled = Enrolment.objects.on(on).filter(school_class__school=school)
    in_force = (
        ConsentRecord.objects.in_force_on(on)
        .filter(
            school=school, guardian=OuterRef("guardian"), student=OuterRef("student")
        )
        .latest_first()
    )
    return Guardianship.objects.filter(
        student_id__in=enrolled.values("student_id")
    ).annotate(
        decision=Coalesce(
            Subquery(in_force.values("decision")[:1]),
            Value(NO_DECISION),
            output_field=CharField(),
        ),
        covers_cabinet=Coalesce(
            Subquery(in_force.values("covers_cabinet")[:1]),
            Value(False),
            output_field=BooleanField(),
        ),
    )


def paper_guardianships(*, school, on):
    """Links whose guardian gets the child's results on paper: a refusal,
    a withdrawal, no decision, or a consent that leaves out the cabinet."""
    return guardianships_with_decision(school=school, on=on).exclude(
        decision=ConsentRecord.Decision.CONSENT, covers_cabinet=True
    )


def students_on_paper(school, on=None):
    """Students of the school on the day for whom at least one guardian
    needs paper extracts, and students with no guardian on record."""
    on = on or timezone.localdate()
    enrolled = Enrolment.objects.on(on).filter(school_class__school=school)
    paper = paper_guardianships(school=school, on=on)
    has_guardian = Guardianship.objects.filter(student=OuterRef("pk"))
    return Student.objects.filter(pk__in=enrolled.values("student_id")).filter(
        Q(pk__in=paper.values("student_id")) | ~Exists(has_guardian)
    )


def paper_extract_rows(*, school, on):
    """The enrolments of students on paper, by class, each student with
    `paper`: the guardian links that need the extract."""
    paper = paper_guardianships(school=school, on=on).select_related("guardian")
    enrolments = (
        Enrolment.objects.on(on)
        .filter(school_class__school=school)
        .select_related("student", "school_class")
        .prefetch_related(
            Prefetch("student__guardianships", queryset=paper, to_attr="paper"),
            "student__guardianships",
        )
        .order_by("school_class__grade", "school_class__letter", "student__last_name")
    )
    return [
        e for e in enrolments if e.student.paper or not e.student.guardianships.all()
    ]


def confirmed_contacts(*, guardian, kind=None):
    """The guardian's current, confirmed contacts: the only ones that may
    receive anything."""
    contacts = Contact.objects.filter(guardian=guardian).confirmed()
    return contacts.filter(kind=kind) if kind else contacts


CHANNEL_CONTACT = {Channel.EMAIL: Contact.Kind.EMAIL, Channel.SMS: Contact.Kind.PHONE}


def delivery_contacts(*, student, guardian, channel, on=None):
    """Where a notification about the child may go by email or SMS: the
    guardian's confirmed contacts of that kind, if the consent allows."""
    channel = Channel(channel)
    if channel not in CHANNEL_CONTACT or not electronic_delivery_allowed(
        student=student, guardian=guardian, channel=channel, on=on
    ):
        return Contact.objects.none()
    return confirmed_contacts(guardian=guardian, kind=CHANNEL_CONTACT[channel])
