import re

import pytest

from consent.models import Contact
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_guardian_sees_what_they_agreed_to_and_their_contacts(
    client, guardian, student
):
    f.consent_of(guardian, student, channels=("cabinet", "sms"))
    f.contact_of(guardian, kind="phone")
    client.force_login(guardian)

    body = client.get("/consent/mine/").content.decode()

    assert student.full_name in body
    assert "электронный дневник и личный кабинет, SMS" in body
    assert "+79001234567" in body
    assert "/consent/mine/contacts/change/" in body


def test_the_guardian_home_links_here(client, guardian, student):
    client.force_login(guardian)

    assert "/consent/mine/" in client.get("/guardian/").content.decode()


def test_a_guardian_never_sees_another_family(
    client, guardian, student, other_guardian, other_student
):
    f.consent_of(other_guardian, other_student)
    f.contact_of(other_guardian, kind="email", value="secret@example.ru")
    client.force_login(guardian)

    body = client.get("/consent/mine/").content.decode()

    assert other_student.full_name not in body
    assert "secret@example.ru" not in body


def test_a_guardian_cannot_open_or_confirm_another_familys_contact(
    client, guardian, other_guardian, other_student, sms_outbox
):
    pending = f.contact_of(other_guardian, kind="phone", confirmed=False)
    document = f.contact_of(other_guardian, kind="email", value="x@example.ru")
    document.document.save("scan.pdf", f.pdf_upload())
    client.force_login(guardian)

    assert client.get(f"/consent/mine/contacts/{pending.pk}/code/").status_code == 404
    assert (
        client.post(
            f"/consent/mine/contacts/{pending.pk}/code/", {"code": "123456"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/consent/mine/contacts/{pending.pk}/confirm/token/done/"
        ).status_code
        == 404
    )
    assert client.get(f"/consent/contacts/{document.pk}/document/").status_code == 404
    pending.refresh_from_db()
    assert pending.confirmed_at is None


def test_a_guardian_changes_the_phone_with_password_and_sms_code(
    client, guardian, sms_outbox, django_capture_on_commit_callbacks
):
    client.force_login(guardian)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/consent/mine/contacts/change/",
            {"kind": "phone", "value": "8 912 345-67-89", "password": f.PASSWORD},
        )

    contact = Contact.objects.get()
    assert response.url == f"/consent/mine/contacts/{contact.pk}/code/"
    assert contact.phone.as_e164 == "+79123456789" and contact.confirmed_at is None
    code = re.search(r"\d{6}", sms_outbox[0].text).group()
    response = client.post(response.url, {"code": code})
    contact.refresh_from_db()
    assert contact.confirmed_at is not None


def test_a_wrong_password_or_number_keeps_what_was_typed(client, guardian):
    client.force_login(guardian)

    wrong_password = client.post(
        "/consent/mine/contacts/change/",
        {"kind": "phone", "value": "+79123456789", "password": "nope"},
    )
    not_a_number = client.post(
        "/consent/mine/contacts/change/",
        {"kind": "phone", "value": "call me", "password": f.PASSWORD},
    )

    assert "Неверный пароль" in wrong_password.content.decode()
    assert wrong_password.context["form"]["value"].value() == "+79123456789"
    assert "Это не номер телефона" in not_a_number.content.decode()
    assert not Contact.objects.exists()


def test_a_guardian_confirms_an_email_by_the_link_in_the_letter(
    client, guardian, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(guardian)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/consent/mine/contacts/change/",
            {"kind": "email", "value": "new@example.ru", "password": f.PASSWORD},
        )
    body = smtp_server[0].get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"http://testserver(/consent/\S+)", body).group(1)

    page = client.get(path)
    assert page.status_code == 200
    assert Contact.objects.get().confirmed_at is None
    client.post(path + "done/")

    assert Contact.objects.get().confirmed_at is not None


@pytest.mark.parametrize("persona", ["teacher", "clerk", "admin_user"])
def test_the_guardian_pages_are_for_guardians(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/consent/mine/").status_code == 404
    assert client.get("/consent/mine/contacts/change/").status_code == 404
