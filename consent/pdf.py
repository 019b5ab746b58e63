"""Printable consent, refusal and withdrawal forms, prefilled from what the
school knows, for the guardian to sign (WeasyPrint, DejaVu fonts)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from school.models import Enrolment

from .models import Channel, Contact

FORM_TEMPLATES = {
    "consent": "consent/pdf/consent_form.html",
    "refusal": "consent/pdf/refusal_form.html",
    "withdrawal": "consent/pdf/withdrawal_form.html",
}


def blank_form_context(*, guardian, student, school):
    today = timezone.localdate()
    enrolment = (
        Enrolment.objects.on(today)
        .filter(student=student, school_class__school=school)
        .select_related("school_class")
        .first()
    )
    relation = guardian.wards.filter(student=student).first()
    contacts = {
        c.kind: c for c in Contact.objects.filter(guardian=guardian).confirmed()
    }
    return {
        "guardian": guardian,
        "student": student,
        "school": school,
        "school_class": enrolment.school_class if enrolment else None,
        "relation": relation.get_relation_display() if relation else "",
        "channels": Channel,
        "processor": settings.CONSENT_PROCESSOR,
        "today": today,
        "email": contacts.get(Contact.Kind.EMAIL),
        "phone": contacts.get(Contact.Kind.PHONE),
    }


def blank_form_pdf(kind, *, guardian, student, school):
    """The form in Russian, the language of the school's records."""
    from weasyprint import HTML  # heavy; only the print views need it

    with translation.override("ru"):
        html = render_to_string(
            FORM_TEMPLATES[kind],
            blank_form_context(guardian=guardian, student=student, school=school),
        )
    return HTML(string=html).write_pdf()
