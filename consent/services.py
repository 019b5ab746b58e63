"""Writes to the consent register: each one transaction, each leaving an
audit event; letters and SMS leave after commit."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from notifications.sms import send_sms
from school.models import Enrolment, Guardianship

from .documents import check_document, sha256_of
from .models import (
    AuditEvent,
    Channel,
    ConsentRecord,
    Contact,
    ContactConfirmation,
)

SMS_CODE_VALID_FOR = timedelta(minutes=10)
EMAIL_LINK_VALID_FOR = timedelta(hours=24)
CONFIRMATION_TRIES = 5


def _audit(action, *, actor, guardian=None, student=None, obj=None):
    AuditEvent.objects.create(
        actor=actor,
        action=action,
        guardian_id=guardian.pk if guardian else None,
        student_id=student.pk if student else None,
        object_id=obj.pk if obj else None,
    )


def _check_family(*, school, guardian, student):
    if not Guardianship.objects.filter(guardian=guardian, student=student).exists():
        raise ValidationError(
            _("This person is not a guardian of this student."), code="not_family"
        )
    in_school = Enrolment.objects.filter(
        student=student, school_class__school=school
    ).exists()
    if not in_school:
        raise ValidationError(
            _("The student is not enrolled in this school."), code="not_enrolled"
        )


def _check_signed_on(signed_on):
    if signed_on > timezone.localdate():
        raise ValidationError(
            {"signed_on": _("The date signed cannot be in the future.")},
            code="future",
        )


def _check_document(document):
    try:
        check_document(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error


@transaction.atomic
def consent_record(
    *,
    school,
    guardian,
    student,
    decision,
    channels,
    signed_on,
    form,
    document,
    recorded_by,
    supersedes=None,
):
    """Record a consent or a refusal from its signed document; with
    `supersedes`, the new record corrects an earlier one."""
    decision = ConsentRecord.Decision(decision)
    if decision == ConsentRecord.Decision.WITHDRAWAL:
        raise ValueError("Withdrawals are recorded by consent_withdraw.")
    channels = {Channel(c) for c in channels}
    _check_family(school=school, guardian=guardian, student=student)
    _check_signed_on(signed_on)
    _check_document(document)
    if decision == ConsentRecord.Decision.CONSENT and not channels:
        raise ValidationError(
            {"channels": _("A consent must cover at least one channel.")}
        )
    if supersedes is not None:
        _check_correctable(supersedes, guardian=guardian, student=student)

    cover = decision == ConsentRecord.Decision.CONSENT
    record = _save_record(
        school=school,
        guardian=guardian,
        student=student,
        decision=decision,
        covers={c: cover and c in channels for c in Channel},
        signed_on=signed_on,
        form=form,
        document=document,
        recorded_by=recorded_by,
        supersedes=supersedes,
    )

    _audit(
        AuditEvent.Action.CONSENT_RECORDED,
        actor=recorded_by,
        guardian=guardian,
        student=student,
        obj=record,
    )
    return record


def _check_correctable(record, *, guardian, student):
    record = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if record.guardian_id != guardian.pk or record.student_id != student.pk:
        raise ValidationError(
            _("A correction must concern the same guardian and student.")
        )
    if ConsentRecord.objects.filter(supersedes=record).exists():
        raise ValidationError(_("This record has already been corrected."))


def _save_record(*, covers, document, **fields):
    record = ConsentRecord(
        covers_cabinet=covers[Channel.CABINET],
        covers_email=covers[Channel.EMAIL],
        covers_sms=covers[Channel.SMS],
        document_sha256=sha256_of(document),
        **fields,
    )
    record.document.save(document.name, document, save=False)
    record.save()
    return record


@transaction.atomic
def consent_withdraw(
    *, school, guardian, student, signed_on, form, document, recorded_by
):
    """Record the withdrawal of a consent from its own document. The data
    held only on the strength of the consent is destroyed by a scheduled
    task (consent.tasks)."""
    _check_family(school=school, guardian=guardian, student=student)
    _check_signed_on(signed_on)
    _check_document(document)
    in_force = (
        ConsentRecord.objects.select_for_update(of=("self",))
        .in_force_on(signed_on)
        .filter(school=school, guardian=guardian, student=student)
        .latest_first()
        .first()
    )
    if in_force is None or in_force.decision != ConsentRecord.Decision.CONSENT:
        raise ValidationError(
            _(
                "There is no consent in force on that date to withdraw: "
                "record a consent first, or check the date."
            ),
            code="no_consent",
        )

    record = _save_record(
        school=school,
        guardian=guardian,
        student=student,
        decision=ConsentRecord.Decision.WITHDRAWAL,
        covers=dict.fromkeys(Channel, False),
        signed_on=signed_on,
        form=form,
        document=document,
        recorded_by=recorded_by,
    )

    _audit(
        AuditEvent.Action.CONSENT_WITHDRAWN,
        actor=recorded_by,
        guardian=guardian,
        student=student,
        obj=record,
    )
    return record


def _contact_values(kind, value):
    if kind == Contact.Kind.EMAIL:
        return {"email": value, "phone": ""}
    return {"email": "", "phone": value}


def _retire_others(contact, now):
    Contact.objects.filter(
        guardian=contact.guardian, kind=contact.kind
    ).current().exclude(pk=contact.pk).update(retired_at=now)


@transaction.atomic
def contact_add(*, guardian, kind, value, source, received_on, document, recorded_by):
    """Record a contact handed over on a signed document. The signed
    document is the confirmation, so it receives from now on and replaces
    the guardian's earlier contact of the same kind."""
    if source == Contact.Source.CABINET:
        raise ValueError("Contacts from the cabinet go through contact_request.")
    _check_signed_on_received(received_on)
    _check_document(document)
    now = timezone.now()
    contact = Contact(
        guardian=guardian,
        kind=kind,
        source=source,
        received_on=received_on,
        recorded_by=recorded_by,
        recorded_at=now,
        confirmed_at=now,
        document_sha256=sha256_of(document),
        **_contact_values(kind, value),
    )
    contact.full_clean(exclude=["document"])
    contact.document.save(document.name, document, save=False)
    contact.save()
    _retire_others(contact, now)

    _audit(
        AuditEvent.Action.CONTACT_ADDED,
        actor=recorded_by,
        guardian=guardian,
        obj=contact,
    )
    return contact


def _check_signed_on_received(received_on):
    if received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": _("The date received cannot be in the future.")}
        )


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def contact_request(*, guardian, kind, value, password, base_url):
    """A guardian enters a new contact in the cabinet. It takes effect
    only once confirmed: by the link sent to the address, or by the code
    sent to the phone. The guardian re-enters their password first."""
    if not guardian.check_password(password):
        raise ValidationError(
            {"password": _("The password is wrong; the contact was not changed.")}
        )
    contact = Contact(
        guardian=guardian,
        kind=kind,
        source=Contact.Source.CABINET,
        received_on=timezone.localdate(),
        recorded_by=guardian,
        **_contact_values(kind, value),
    )
    contact.full_clean()
    contact.save()
    _drop_earlier_requests(contact)
    secret, valid_for = (
        (secrets.token_urlsafe(32), EMAIL_LINK_VALID_FOR)
        if kind == Contact.Kind.EMAIL
        else (f"{secrets.randbelow(10**6):06d}", SMS_CODE_VALID_FOR)
    )
    ContactConfirmation.objects.create(
        contact=contact,
        secret_hash=_hash(secret),
        expires_at=timezone.now() + valid_for,
        tries_left=CONFIRMATION_TRIES,
    )

    _audit(
        AuditEvent.Action.CONTACT_REQUESTED,
        actor=guardian,
        guardian=guardian,
        obj=contact,
    )
    transaction.on_commit(
        lambda: _send_confirmation(contact, secret, base_url=base_url)
    )
    return contact


def _drop_earlier_requests(contact):
    """A new request replaces any earlier one of the same kind that was
    never confirmed: only the latest code or link works."""
    Contact.objects.filter(
        guardian=contact.guardian, kind=contact.kind, confirmed_at__isnull=True
    ).current().exclude(pk=contact.pk).update(retired_at=timezone.now())


def _send_confirmation(contact, secret, *, base_url):
    language = contact.guardian.language or settings.LANGUAGE_CODE
    with translation.override(language):
        if contact.kind == Contact.Kind.PHONE:
            text = _("eDiary: your confirmation code is %(code)s. Valid 10 minutes.")
            send_sms(contact.phone.as_e164, str(text) % {"code": secret})
            return
        path = reverse("consent:contact_confirm_link", args=[contact.pk, secret])
        context = {"link": base_url.rstrip("/") + path, "guardian": contact.guardian}
        send_mail(
            render_to_string("consent/email/confirm_subject.txt", context).strip(),
            render_to_string("consent/email/confirm_body.txt", context),
            None,
            [contact.email],
        )


def contact_confirm(*, contact, secret, by):
    """Confirm a pending contact with the code or link secret. A wrong
    secret uses up a try; the tries are counted even though the answer is
    an error, so the count is saved before the error is raised."""
    confirmed = _try_secret(contact=contact, secret=secret, by=by)
    if not confirmed:
        raise ValidationError(
            {
                "code": _(
                    "The code is wrong or no longer valid. Codes are valid for "
                    "10 minutes and 5 tries; request a new one if needed."
                )
            }
        )
    return contact


@transaction.atomic
def _try_secret(*, contact, secret, by):
    now = timezone.now()
    pending = Contact.objects.select_for_update().filter(
        pk=contact.pk, confirmed_at__isnull=True, retired_at__isnull=True
    )
    if not pending.exists():
        return False
    confirmation = (
        ContactConfirmation.objects.select_for_update()
        .filter(contact=contact, used_at__isnull=True)
        .order_by("-pk")
        .first()
    )
    if confirmation is None or not confirmation.is_open(now):
        return False
    if not hmac.compare_digest(confirmation.secret_hash, _hash(secret.strip())):
        confirmation.tries_left -= 1
        confirmation.save(update_fields=["tries_left"])
        _audit(
            AuditEvent.Action.CONFIRMATION_FAILED,
            actor=by,
            guardian=contact.guardian,
            obj=contact,
        )
        return False

    confirmation.used_at = now
    confirmation.save(update_fields=["used_at"])
    contact.confirmed_at = now
    contact.save(update_fields=["confirmed_at"])
    _retire_others(contact, now)

    _audit(
        AuditEvent.Action.CONTACT_CONFIRMED,
        actor=by,
        guardian=contact.guardian,
        obj=contact,
    )
    return True
