import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consent.models import AuditEvent, Contact
from consent.selectors import confirmed_contacts, delivery_contacts
from consent.services import contact_add, contact_confirm, contact_request
from tests import factories as f

pytestmark = pytest.mark.django_db


def request_contact(guardian, capture, kind="phone", value="+79001112233"):
    with capture(execute=True):
        return contact_request(
            guardian=guardian,
            kind=kind,
            value=value,
            password=f.PASSWORD,
            base_url="http://testserver/",
        )


def test_a_contact_from_a_written_application_receives_at_once(guardian, admin_user):
    old = f.contact_of(guardian, kind="email", value="old@example.ru")

    new = contact_add(
        guardian=guardian,
        kind="email",
        value="new@example.ru",
        source="application",
        received_on=date(2026, 9, 2),
        document=f.pdf_upload(),
        recorded_by=admin_user,
    )

    assert list(confirmed_contacts(guardian=guardian)) == [new]
    old.refresh_from_db()
    assert old.retired_at is not None
    assert new.document_sha256 and new.recorded_by == admin_user


def test_it_refuses_a_phone_number_that_is_not_one(guardian, admin_user):
    with pytest.raises(ValidationError) as error:
        contact_add(
            guardian=guardian,
            kind="phone",
            value="12345",
            source="electronic",
            received_on=date(2026, 9, 2),
            document=f.pdf_upload(),
            recorded_by=admin_user,
        )

    assert "phone" in error.value.message_dict
    assert not Contact.objects.exists()


def test_a_change_needs_the_password(guardian):
    with pytest.raises(ValidationError) as error:
        contact_request(
            guardian=guardian,
            kind="phone",
            value="+79001112233",
            password="wrong",
            base_url="http://testserver/",
        )

    assert "password" in error.value.message_dict
    assert not Contact.objects.exists()


def test_a_phone_takes_effect_only_after_the_sms_code(
    guardian, sms_outbox, django_capture_on_commit_callbacks
):
    contact = request_contact(guardian, django_capture_on_commit_callbacks)

    assert not confirmed_contacts(guardian=guardian).exists()
    (message,) = sms_outbox
    assert message.to == "+79001112233"
    code = re.search(r"\d{6}", message.text).group()

    contact_confirm(contact=contact, secret=code, by=guardian)

    assert list(confirmed_contacts(guardian=guardian)) == [contact]
    assert AuditEvent.objects.filter(action="contact_confirmed").exists()


def test_the_code_expires_after_ten_minutes(
    guardian, sms_outbox, django_capture_on_commit_callbacks
):
    contact = request_contact(guardian, django_capture_on_commit_callbacks)
    code = re.search(r"\d{6}", sms_outbox[0].text).group()
    confirmation = contact.confirmations.get()
    assert confirmation.expires_at - timezone.now() <= timedelta(minutes=10)
    confirmation.expires_at = timezone.now() - timedelta(seconds=1)
    confirmation.save()

    with pytest.raises(ValidationError):
        contact_confirm(contact=contact, secret=code, by=guardian)

    assert not confirmed_contacts(guardian=guardian).exists()


def test_the_tries_are_limited(
    guardian, sms_outbox, django_capture_on_commit_callbacks
):
    contact = request_contact(guardian, django_capture_on_commit_callbacks)
    code = re.search(r"\d{6}", sms_outbox[0].text).group()
    wrong = "000000" if code != "000000" else "111111"

    for _ in range(5):
        with pytest.raises(ValidationError):
            contact_confirm(contact=contact, secret=wrong, by=guardian)
    with pytest.raises(ValidationError):
        contact_confirm(contact=contact, secret=code, by=guardian)

    assert contact.confirmations.get().tries_left == 0
    assert not confirmed_contacts(guardian=guardian).exists()


def test_an_email_is_confirmed_by_the_link_sent_through_smtp(
    guardian, smtp_server, django_capture_on_commit_callbacks
):
    old = f.contact_of(guardian, kind="email", value="old@example.ru")

    contact = request_contact(
        guardian, django_capture_on_commit_callbacks, "email", "new@example.ru"
    )

    (letter,) = smtp_server
    assert letter["To"] == "new@example.ru"
    body = letter.get_body(preferencelist=("plain",)).get_content()
    token = re.search(rf"/mine/contacts/{contact.pk}/confirm/([^/]+)/", body).group(1)
    assert list(confirmed_contacts(guardian=guardian)) == [old]

    contact_confirm(contact=contact, secret=token, by=guardian)

    assert list(confirmed_contacts(guardian=guardian)) == [contact]


def test_notifications_get_confirmed_contacts_only_under_a_consent(
    guardian, student, django_capture_on_commit_callbacks
):
    phone = f.contact_of(guardian, kind="phone")
    request_contact(
        guardian, django_capture_on_commit_callbacks, "phone", "+79005556677"
    )
    f.consent_of(guardian, student, channels=("sms",))

    assert list(
        delivery_contacts(student=student, guardian=guardian, channel="sms")
    ) == [phone]
    assert not delivery_contacts(student=student, guardian=guardian, channel="email")


def test_a_new_request_replaces_an_unconfirmed_one(
    guardian, sms_outbox, django_capture_on_commit_callbacks
):
    first = request_contact(guardian, django_capture_on_commit_callbacks)
    first_code = re.search(r"\d{6}", sms_outbox[0].text).group()

    request_contact(guardian, django_capture_on_commit_callbacks, value="+79004445566")

    first.refresh_from_db()
    assert first.retired_at is not None
    with pytest.raises(ValidationError):
        contact_confirm(contact=first, secret=first_code, by=guardian)
