from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consent.models import AuditEvent, ConsentRecord
from consent.services import consent_record, consent_withdraw
from tests import factories as f

pytestmark = pytest.mark.django_db


def record(guardian, student, admin_user, **overrides):
    fields = {
        "school": student.enrolments.get().school_class.school,
        "guardian": guardian,
        "student": student,
        "decision": "consent",
        "channels": ["cabinet", "email"],
        "signed_on": date(2026, 9, 1),
        "form": "paper",
        "document": f.pdf_upload(),
        "recorded_by": admin_user,
    }
    return consent_record(**{**fields, **overrides})


def test_it_records_a_consent_with_the_checksum_and_an_audit_event(
    guardian, student, admin_user, media_root
):
    made = record(guardian, student, admin_user)

    assert made.covers_cabinet and made.covers_email and not made.covers_sms
    assert len(made.document_sha256) == 64
    assert (media_root / made.document.name).exists()
    assert "scan" not in made.document.name  # an opaque name
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.actor) == (
        "consent_recorded",
        made.pk,
        admin_user,
    )


def test_a_refusal_covers_no_channel(guardian, student, admin_user):
    made = record(guardian, student, admin_user, decision="refusal")

    assert made.channels == []


def test_a_correction_supersedes_and_keeps_the_history(guardian, student, admin_user):
    wrong = record(guardian, student, admin_user)

    fixed = record(guardian, student, admin_user, channels=["sms"], supersedes=wrong)

    wrong.refresh_from_db()
    assert wrong.superseded_by == fixed
    assert ConsentRecord.objects.count() == 2
    with pytest.raises(ValidationError):
        record(guardian, student, admin_user, supersedes=wrong)


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"signed_on": timezone.localdate() + timedelta(days=1)}, "signed_on"),
        ({"document": f.pdf_upload("scan.pdf", b"MZ\x90\x00 not a pdf")}, "document"),
        (
            {"document": f.pdf_upload("big.pdf", f.PDF_BYTES + b"0" * 10 * 2**20)},
            "document",
        ),
        ({"channels": []}, "channels"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(
    guardian, student, admin_user, overrides, field
):
    earlier = record(guardian, student, admin_user)

    with pytest.raises(ValidationError) as error:
        record(guardian, student, admin_user, **overrides)

    assert field in error.value.message_dict
    assert list(ConsentRecord.objects.all()) == [earlier]


def test_it_refuses_a_guardian_of_another_family(guardian, other_student, admin_user):
    with pytest.raises(ValidationError):
        record(guardian, other_student, admin_user)


def withdraw(guardian, student, admin_user, signed_on=date(2026, 10, 1)):
    return consent_withdraw(
        school=student.enrolments.get().school_class.school,
        guardian=guardian,
        student=student,
        signed_on=signed_on,
        form="portal",
        document=f.pdf_upload(),
        recorded_by=admin_user,
    )


def test_it_records_a_withdrawal_from_its_own_document(guardian, student, admin_user):
    consent = record(guardian, student, admin_user)

    withdrawal = withdraw(guardian, student, admin_user)

    assert withdrawal.decision == "withdrawal"
    assert withdrawal.document.name != consent.document.name
    assert AuditEvent.objects.filter(action="consent_withdrawn").count() == 1


@pytest.mark.parametrize("history", ["none", "refusal", "withdrawn", "later"])
def test_it_refuses_a_withdrawal_without_a_consent(
    guardian, student, admin_user, history
):
    if history == "refusal":
        record(guardian, student, admin_user, decision="refusal")
    if history == "withdrawn":
        record(guardian, student, admin_user)
        withdraw(guardian, student, admin_user)
    if history == "later":
        record(guardian, student, admin_user, signed_on=date(2026, 11, 1))
    before = ConsentRecord.objects.count()

    with pytest.raises(ValidationError, match="нет согласия|no consent"):
        withdraw(guardian, student, admin_user)

    assert ConsentRecord.objects.count() == before


def test_a_record_is_never_edited_or_deleted(guardian, student, admin_user):
    made = record(guardian, student, admin_user)
    made.covers_sms = True

    with pytest.raises(ValueError):
        made.save()
    with pytest.raises(ValueError):
        made.delete()

    made.refresh_from_db()
    assert not made.covers_sms
