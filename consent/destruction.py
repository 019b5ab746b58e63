"""Destroying what a withdrawn consent alone allowed the school to hold,
and the act of destruction that proves it."""

import csv
import io

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    ACT_KEPT_FOR,
    AuditEvent,
    Channel,
    ConsentRecord,
    Contact,
    DestructionAct,
)
from .signals import personal_data_destroy

SYSTEM_NAME = "eDiary"


def withdrawals_awaiting_destruction():
    done = AuditEvent.objects.filter(action=AuditEvent.Action.DATA_DESTROYED)
    return ConsentRecord.objects.filter(
        decision=ConsentRecord.Decision.WITHDRAWAL, superseded_by__isnull=True
    ).exclude(pk__in=done.values("object_id"))


def _contacts_still_needed(guardian, now):
    """Another consent in force for email or SMS is a legal basis of its
    own to keep the guardian's contacts."""
    others = (
        ConsentRecord.objects.in_force_on(timezone.localdate(now))
        .filter(guardian=guardian)
        .latest_first()
    )
    latest_per_child = {}
    for record in others:
        latest_per_child.setdefault((record.school_id, record.student_id), record)
    return any(
        r.covers(Channel.EMAIL) or r.covers(Channel.SMS)
        for r in latest_per_child.values()
    )


def _destroy_contacts(guardian):
    contacts = list(Contact.objects.filter(guardian=guardian))
    Contact.objects.filter(pk__in=[c.pk for c in contacts]).delete()
    for name in {c.document.name for c in contacts if c.document}:
        if not _file_still_referenced(name):
            default_storage.delete(name)
    return len(contacts)


def _file_still_referenced(name):
    """One signed application may be the source of a consent and of several
    contacts: its file goes only with the last row that points to it."""
    return (
        Contact.objects.filter(document=name).exists()
        or ConsentRecord.objects.filter(document=name).exists()
    )


@transaction.atomic
def withdrawal_data_destroy(*, withdrawal_id):
    """Destroy the data held only on the strength of the withdrawn consent
    and write the act. Safe to run twice: a withdrawal already dealt with
    is left alone."""
    withdrawal = (
        withdrawals_awaiting_destruction()
        .select_for_update(of=("self",))
        .select_related("guardian", "student", "school")
        .filter(pk=withdrawal_id)
        .first()
    )
    if withdrawal is None:
        return None
    now = timezone.now()
    guardian, student = withdrawal.guardian, withdrawal.student

    with translation.override("ru"):
        destroyed, kept = (
            [],
            [
                _("consent and withdrawal records with their documents (proof)"),
                _("this act and its event log (kept 3 years)"),
            ],
        )
        if _contacts_still_needed(guardian, now):
            kept.append(_("contact details: another consent in force needs them"))
        else:
            count = _destroy_contacts(guardian)
            destroyed.append((_("contact details (email, phone)"), count))
        for _receiver, answer in personal_data_destroy.send(
            sender=ConsentRecord, guardian_id=guardian.pk, student_id=student.pk
        ):
            destroyed.extend(answer or [])
        act = _write_act(withdrawal, destroyed=destroyed, kept=kept, now=now)

    AuditEvent.objects.create(
        action=AuditEvent.Action.DATA_DESTROYED,
        guardian_id=guardian.pk,
        student_id=student.pk,
        object_id=withdrawal.pk,
    )
    return act


def _write_act(withdrawal, *, destroyed, kept, now):
    subject = withdrawal.guardian.full_name
    reason = _(
        "Withdrawal of consent to processing of personal data, signed "
        "%(date)s (record No. %(number)s)"
    ) % {"date": f"{withdrawal.signed_on:%d.%m.%Y}", "number": withdrawal.pk}
    categories = [f"{name}: {count}" for name, count in destroyed]
    return DestructionAct.objects.create(
        school=withdrawal.school,
        withdrawal=withdrawal,
        subject_name=subject,
        categories=categories,
        kept=kept,
        system=f"{SYSTEM_NAME}, {withdrawal.school.short_name}",
        reason=reason,
        destroyed_at=now,
        keep_until=timezone.localdate(now) + ACT_KEPT_FOR,
        event_log=_event_log(subject, destroyed, withdrawal, reason, now),
    )


def _event_log(subject, destroyed, withdrawal, reason, now):
    """The export of the event log: one line per category destroyed, with
    the subject, the category, the system, the reason and the date."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [_("Data subject"), _("Category"), _("System"), _("Reason"), _("Date")]
    )
    system = f"{SYSTEM_NAME}, {withdrawal.school.short_name}"
    day = f"{timezone.localtime(now):%d.%m.%Y %H:%M}"
    for name, count in destroyed or [(_("nothing left to destroy"), 0)]:
        writer.writerow([subject, f"{name}: {count}", system, reason, day])
    return out.getvalue()


@transaction.atomic
def expired_acts_purge(*, today=None):
    today = today or timezone.localdate()
    expired = list(DestructionAct.objects.filter(keep_until__lt=today))
    for act in expired:
        AuditEvent.objects.create(action=AuditEvent.Action.ACT_PURGED, object_id=act.pk)
    DestructionAct.objects.filter(pk__in=[a.pk for a in expired]).delete()
    return len(expired)
