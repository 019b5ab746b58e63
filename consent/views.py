from itertools import groupby
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from school.models import (
    Enrolment,
    Guardianship,
    Role,
    School,
    SchoolClass,
    Student,
    User,
)
from school.views import role_required

from . import services
from .forms import (
    AsOfForm,
    ConfirmationCodeForm,
    ConsentRecordForm,
    ContactRecordForm,
    ContactRequestForm,
)
from .models import Channel, ConsentRecord, Contact, DestructionAct
from .pdf import FORM_TEMPLATES, blank_form_pdf
from .rules import decision_on
from .selectors import guardianships_with_decision, paper_extract_rows


def _apply_errors(form, error):
    """Put a service's refusal on the form, which keeps what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _administered_students(user):
    in_schools = Enrolment.objects.filter(
        school_class__school__in=School.objects.administered_by(user)
    )
    return Student.objects.visible_to(user).filter(
        pk__in=in_schools.values("student_id")
    )


def _school_of(student, user):
    return (
        School.objects.administered_by(user)
        .filter(classes__enrolments__student=student)
        .order_by("-classes__enrolments__starts_on")
        .first()
    )


def _current_classes(user):
    today = timezone.localdate()
    return (
        SchoolClass.objects.visible_to(user)
        .filter(year__starts_on__lte=today, year__ends_on__gte=today)
        .select_related("school")
        .order_by("school__short_name", "grade", "letter")
    )


@role_required(Role.ADMIN)
def register(request):
    classes = _current_classes(request.user).filter(
        school__in=School.objects.administered_by(request.user)
    )
    acts = DestructionAct.objects.visible_to(request.user)[:20]
    return render(request, "consent/register.html", {"classes": classes, "acts": acts})


def _rows_for_class(school_class, on):
    """One row per student of the class, with each guardian's decision."""
    students = list(school_class.students_on(on).order_by("last_name", "first_name"))
    links = (
        guardianships_with_decision(school=school_class.school, on=on)
        .filter(student__in=students)
        .select_related("guardian")
        .order_by("student_id", "guardian__last_name")
    )
    by_student = {k: list(g) for k, g in groupby(links, key=lambda x: x.student_id)}
    return [(s, by_student.get(s.pk, [])) for s in students]


@role_required(Role.ADMIN)
def class_register(request, pk):
    school_class = get_object_or_404(
        SchoolClass.objects.visible_to(request.user).filter(
            school__in=School.objects.administered_by(request.user)
        ),
        pk=pk,
    )
    as_of = AsOfForm(request.GET)
    on = as_of.day()
    return render(
        request,
        "consent/class_register.html",
        {
            "school_class": school_class,
            "rows": _rows_for_class(school_class, on),
            "as_of": as_of,
            "on": on,
        },
    )


@role_required(Role.ADMIN)
def family(request, student_pk):
    student = get_object_or_404(_administered_students(request.user), pk=student_pk)
    guardians = User.objects.filter(wards__student=student).order_by("last_name")
    records = (
        ConsentRecord.objects.visible_to(request.user)
        .filter(student=student)
        .select_related("guardian", "recorded_by", "superseded_by")
        .latest_first()
    )
    contacts = (
        Contact.objects.visible_to(request.user)
        .filter(guardian__in=guardians)
        .select_related("guardian", "recorded_by")
    )
    as_of = AsOfForm(request.GET)
    on = as_of.day()
    states = [(g, decision_on(student=student, guardian=g, on=on)) for g in guardians]
    return render(
        request,
        "consent/family.html",
        {
            "student": student,
            "states": states,
            "records": records,
            "contacts": contacts,
            "as_of": as_of,
            "on": on,
        },
    )


@role_required(Role.ADMIN)
def record_new(request):
    students = _administered_students(request.user)
    correctable = ConsentRecord.objects.visible_to(request.user).filter(
        school__in=School.objects.administered_by(request.user),
        superseded_by__isnull=True,
    )
    initial = _record_initial(request.GET, correctable)
    student_id = request.POST.get("student") or initial.get("student")
    guardians = User.objects.filter(wards__student__in=students).distinct()
    if str(student_id or "").isdigit():
        guardians = guardians.filter(wards__student_id=student_id)
    form = ConsentRecordForm(
        request.POST or None,
        request.FILES or None,
        students=students,
        guardians=guardians,
        correctable=correctable,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _record(form.cleaned_data, request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The document is recorded."))
            student = form.cleaned_data["student"]
            return redirect("consent:family", student.pk)
    return render(request, "consent/record_form.html", {"form": form})


def _record_initial(query, correctable):
    """The family from the register's link; for a correction, everything
    from the record it corrects."""
    corrects = query.get("corrects", "")
    wrong = correctable.filter(pk=corrects).first() if corrects.isdigit() else None
    if wrong:
        return {
            "student": wrong.student_id,
            "guardian": wrong.guardian_id,
            "decision": wrong.decision,
            "channels": wrong.channels,
            "signed_on": wrong.signed_on,
            "form": wrong.form,
            "supersedes": wrong.pk,
        }
    return {
        "student": query.get("student"),
        "guardian": query.get("guardian"),
        "decision": ConsentRecord.Decision.CONSENT,
        "channels": [Channel.CABINET],
        "form": ConsentRecord.Form.PAPER,
    }


def _record(data, user):
    common = {
        "school": _school_of(data["student"], user),
        "guardian": data["guardian"],
        "student": data["student"],
        "signed_on": data["signed_on"],
        "form": data["form"],
        "document": data["document"],
        "recorded_by": user,
    }
    if data["decision"] == ConsentRecord.Decision.WITHDRAWAL:
        return services.consent_withdraw(**common)
    return services.consent_record(
        decision=data["decision"],
        channels=data["channels"],
        supersedes=data["supersedes"],
        **common,
    )


@role_required(Role.ADMIN)
def contact_new(request, guardian_pk):
    guardian = get_object_or_404(
        User.objects.filter(
            wards__student__in=_administered_students(request.user)
        ).distinct(),
        pk=guardian_pk,
    )
    form = ContactRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_add(
                guardian=guardian, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The contact is recorded."))
            child = guardian.wards.filter(
                student__in=_administered_students(request.user)
            ).first()
            return redirect("consent:family", child.student_id)
    return render(
        request,
        "consent/contact_record_form.html",
        {"form": form, "guardian": guardian},
    )


@login_required
def record_document(request, pk):
    record = get_object_or_404(ConsentRecord.objects.visible_to(request.user), pk=pk)
    return _attachment(record.document)


@login_required
def contact_document(request, pk):
    contact = get_object_or_404(
        Contact.objects.visible_to(request.user).exclude(document=""), pk=pk
    )
    return _attachment(contact.document)


def _attachment(field):
    """The stored file as a download under a neutral name: never shown
    inline, never from a public media address."""
    name = "document" + PurePosixPath(field.name).suffix
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@role_required(Role.ADMIN)
def act_export(request, pk):
    act = get_object_or_404(DestructionAct.objects.visible_to(request.user), pk=pk)
    response = HttpResponse(act.event_log, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="act-{act.pk}.csv"'
    return response


@role_required(Role.CLERK)
def paper_list(request):
    on = timezone.localdate()
    rows = []
    for school in request.user.schools_with(Role.CLERK):
        rows.extend(paper_extract_rows(school=school, on=on))
    classes = [(k, list(g)) for k, g in groupby(rows, key=lambda e: e.school_class)]
    return render(request, "consent/paper_list.html", {"classes": classes, "on": on})


def _form_parties(request, student_pk, guardian_pk):
    """The guardian themselves, or an administrator of the child's school."""
    user = request.user
    student = get_object_or_404(Student.objects.visible_to(user), pk=student_pk)
    link = get_object_or_404(
        Guardianship.objects.select_related("guardian"),
        student=student,
        guardian_id=guardian_pk,
    )
    if user.pk == link.guardian_id:
        school = (
            School.objects.filter(classes__enrolments__student=student)
            .order_by("-classes__enrolments__starts_on")
            .first()
        )
    else:
        school = _school_of(student, user)
    if school is None:
        raise Http404
    return link.guardian, student, school


@login_required
def blank_form(request, kind, student_pk, guardian_pk):
    if kind not in FORM_TEMPLATES:
        raise Http404
    guardian, student, school = _form_parties(request, student_pk, guardian_pk)
    pdf = blank_form_pdf(kind, guardian=guardian, student=student, school=school)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}-form.pdf"'
    return response


@role_required(Role.GUARDIAN)
def my_consents(request):
    links = (
        Guardianship.objects.filter(guardian=request.user)
        .select_related("student")
        .order_by("student__birth_date")
    )
    children = [
        (
            link.student,
            decision_on(student=link.student, guardian=request.user),
            ConsentRecord.objects.visible_to(request.user)
            .filter(guardian=request.user, student=link.student)
            .latest_first(),
        )
        for link in links
    ]
    contacts = Contact.objects.visible_to(request.user).filter(guardian=request.user)
    return render(
        request,
        "consent/my_consents.html",
        {"children": children, "contacts": contacts.current()},
    )


@role_required(Role.GUARDIAN)
def contact_change(request):
    form = ContactRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.contact_request(
                guardian=request.user,
                kind=data["kind"],
                value=data["value"],
                password=data["password"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if contact.kind == Contact.Kind.EMAIL:
                messages.info(
                    request,
                    _("We sent a link to the new address; open it to confirm."),
                )
                return redirect("consent:my_consents")
            return redirect("consent:contact_confirm_code", contact.pk)
    return render(request, "consent/contact_change.html", {"form": form})


def _own_pending_contact(request, pk):
    return get_object_or_404(
        Contact.objects.visible_to(request.user).filter(
            guardian=request.user, confirmed_at__isnull=True, retired_at__isnull=True
        ),
        pk=pk,
    )


@role_required(Role.GUARDIAN)
def contact_confirm_code(request, pk):
    contact = _own_pending_contact(request, pk)
    form = ConfirmationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_confirm(
                contact=contact, secret=form.cleaned_data["code"], by=request.user
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The phone number is confirmed."))
            return redirect("consent:my_consents")
    return render(
        request, "consent/contact_confirm.html", {"form": form, "contact": contact}
    )


@role_required(Role.GUARDIAN)
def contact_confirm_link(request, pk, token):
    """The link from the letter shows a button: a mail scanner that opens
    the link confirms nothing."""
    contact = _own_pending_contact(request, pk)
    return render(
        request,
        "consent/contact_confirm_link.html",
        {"contact": contact, "token": token},
    )


@require_POST
@role_required(Role.GUARDIAN)
def contact_confirm_link_post(request, pk, token):
    contact = _own_pending_contact(request, pk)
    try:
        services.contact_confirm(contact=contact, secret=token, by=request.user)
    except ValidationError:
        messages.error(
            request,
            _("The link is no longer valid. Enter the address again to get a new one."),
        )
        return redirect("consent:contact_change")
    messages.success(request, _("The email address is confirmed."))
    return redirect(reverse("consent:my_consents"))
