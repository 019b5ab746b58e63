from datetime import date, timedelta

import pytest
from django.utils import timezone

from consent.models import ConsentRecord
from tests import factories as f

pytestmark = pytest.mark.django_db


def post_record(client, student, guardian, **overrides):
    data = {
        "student": student.pk,
        "guardian": guardian.pk,
        "decision": "consent",
        "channels": ["cabinet", "email"],
        "signed_on": "2026-09-01",
        "form": "paper",
        "document": f.pdf_upload(),
    }
    return client.post("/consent/register/record/", {**data, **overrides})


def test_an_administrator_records_a_document_on_one_form(
    client, admin_user, guardian, student
):
    client.force_login(admin_user)

    response = post_record(client, student, guardian)

    assert response.status_code == 302
    record = ConsentRecord.objects.get()
    assert (record.guardian, record.student, record.recorded_by) == (
        guardian,
        student,
        admin_user,
    )
    assert record.channels == ["cabinet", "email"]


def test_the_form_prefills_the_family_from_the_register(
    client, admin_user, guardian, student
):
    client.force_login(admin_user)

    response = client.get(
        f"/consent/register/record/?student={student.pk}&guardian={guardian.pk}"
    )

    assert response.status_code == 200
    assert response.context["form"]["guardian"].value() == str(guardian.pk)


@pytest.mark.parametrize(
    "overrides,message",
    [
        (
            {"signed_on": str(timezone.localdate() + timedelta(days=2))},
            "не может быть в будущем",
        ),
        ({"document": f.pdf_upload("scan.pdf", b"GIF89a not allowed")}, "PDF"),
        ({"decision": "withdrawal"}, "нет согласия"),
    ],
)
def test_bad_input_is_refused_in_russian_and_keeps_what_was_typed(
    client, admin_user, guardian, student, overrides, message
):
    client.force_login(admin_user)

    response = post_record(client, student, guardian, **overrides)

    assert response.status_code == 200
    assert message in response.content.decode()
    form = response.context["form"]
    assert form["guardian"].value() == str(guardian.pk)
    assert form["form"].value() == "paper"
    assert not ConsentRecord.objects.exists()


def test_the_class_register_shows_each_decision(
    client, admin_user, guardian, student, school_class
):
    refuser = f.guardian_of(f.student_in(school_class))
    f.consent_of(refuser, refuser.wards.get().student, decision="refusal")
    f.consent_of(guardian, student)
    client.force_login(admin_user)

    response = client.get(f"/consent/register/classes/{school_class.pk}/")

    body = response.content.decode()
    assert "decision-consent" in body and "decision-refusal" in body
    assert guardian.full_name in body


def test_the_family_page_shows_the_history_and_contacts(
    client, admin_user, guardian, student, django_assert_max_num_queries
):
    wrong = f.consent_of(guardian, student)
    f.consent_of(guardian, student, decision="refusal", supersedes=wrong)
    f.contact_of(guardian, kind="phone")
    client.force_login(admin_user)

    with django_assert_max_num_queries(20):
        response = client.get(f"/consent/register/students/{student.pk}/")

    body = response.content.decode()
    assert "исправлено более поздней записью" in body
    assert "+79001234567" in body


def test_documents_are_downloaded_as_attachments_only(
    client, admin_user, guardian, student
):
    record = f.consent_of(guardian, student)
    client.force_login(admin_user)

    response = client.get(f"/consent/records/{record.pk}/document/")

    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == f.PDF_BYTES
    assert client.get(f"/media/{record.document.name}").status_code == 404


@pytest.mark.parametrize(
    "persona", ["guardian", "other_guardian", "teacher", "clerk", "other_teacher"]
)
def test_the_register_is_for_administrators_only(
    client, request, persona, student, school_class
):
    client.force_login(request.getfixturevalue(persona))

    for url in [
        "/consent/register/",
        f"/consent/register/classes/{school_class.pk}/",
        f"/consent/register/students/{student.pk}/",
        "/consent/register/record/",
    ]:
        assert client.get(url).status_code == 404, url


def test_an_administrator_of_another_school_gets_404(
    client, guardian, student, school_class
):
    stranger = f.staff_of(f.SchoolFactory(), "admin")
    record = f.consent_of(guardian, student)
    client.force_login(stranger)

    assert client.get(f"/consent/register/students/{student.pk}/").status_code == 404
    assert client.get(f"/consent/records/{record.pk}/document/").status_code == 404
    assert (
        client.get(f"/consent/register/classes/{school_class.pk}/").status_code == 404
    )


def test_another_family_cannot_download_the_document(
    client, other_guardian, guardian, student
):
    record = f.consent_of(guardian, student)
    client.force_login(other_guardian)

    assert client.get(f"/consent/records/{record.pk}/document/").status_code == 404


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/consent/register/").status_code == 302


def test_an_administrator_records_a_contact_from_an_application(
    client, admin_user, guardian
):
    client.force_login(admin_user)

    response = client.post(
        f"/consent/register/guardians/{guardian.pk}/contact/",
        {
            "kind": "phone",
            "value": "not a phone",
            "source": "application",
            "received_on": "2026-09-02",
            "document": f.pdf_upload(),
        },
    )

    assert "Это не номер телефона" in response.content.decode()
    assert response.context["form"]["value"].value() == "not a phone"
    assert not guardian.contacts.exists()


def test_the_act_export_is_for_the_school_administrator(
    client, admin_user, guardian, student, other_guardian
):
    from consent.tasks import destroy_after_withdrawals

    f.consent_of(guardian, student)
    f.consent_of(
        guardian, student, decision="withdrawal", signed_on=timezone.localdate()
    )
    destroy_after_withdrawals.delay()
    act = guardian.consents_given.get(decision="withdrawal").destruction_act
    client.force_login(admin_user)

    response = client.get(f"/consent/register/acts/{act.pk}/export/")

    assert response["Content-Disposition"].startswith("attachment")
    assert guardian.full_name in response.content.decode()
    client.force_login(other_guardian)
    assert client.get(f"/consent/register/acts/{act.pk}/export/").status_code == 404


def test_the_family_page_shows_the_state_as_of_a_past_date(
    client, admin_user, guardian, student, school_class
):
    f.consent_of(guardian, student, signed_on=date(2026, 9, 1))
    f.consent_of(guardian, student, decision="withdrawal", signed_on=date(2026, 11, 1))
    client.force_login(admin_user)
    page = f"/consent/register/students/{student.pk}/"
    register = f"/consent/register/classes/{school_class.pk}/"

    then = client.get(page, {"on": "2026-10-01"}).context["states"]
    now = client.get(page).context["states"]
    register_then = client.get(register, {"on": "2026-10-01"}).content.decode()

    assert then[0][1].decision == "consent"
    assert now[0][1].decision == "withdrawal"
    assert "decision-consent" in register_then


def test_a_contact_from_an_application_is_recorded_with_its_scan(
    client, admin_user, guardian, student
):
    client.force_login(admin_user)

    response = client.post(
        f"/consent/register/guardians/{guardian.pk}/contact/",
        {
            "kind": "phone",
            "value": "8 (912) 345-67-89",
            "source": "application",
            "received_on": "2026-09-02",
            "document": f.pdf_upload(),
        },
    )

    assert response.url == f"/consent/register/students/{student.pk}/"
    contact = guardian.contacts.get()
    assert contact.phone.as_e164 == "+79123456789"
    assert contact.is_confirmed and contact.document_sha256


def test_the_class_register_costs_a_fixed_number_of_queries(
    client, admin_user, school_class, django_assert_max_num_queries
):
    for _ in range(5):
        child = f.student_in(school_class)
        f.consent_of(f.guardian_of(child), child)
    client.force_login(admin_user)

    with django_assert_max_num_queries(10):
        response = client.get(f"/consent/register/classes/{school_class.pk}/")

    assert response.status_code == 200


def test_a_student_moved_between_classes_has_one_family_page(
    client, admin_user, guardian, student, other_class
):
    from school.services import student_transfer

    student_transfer(student=student, to_class=other_class, on=date(2026, 11, 1))
    client.force_login(admin_user)

    response = client.get(f"/consent/register/students/{student.pk}/")

    assert response.status_code == 200


def test_a_correction_starts_from_the_wrong_record_and_supersedes_it(
    client, admin_user, guardian, student
):
    wrong = f.consent_of(guardian, student, channels=("cabinet", "email"))
    client.force_login(admin_user)

    form = client.get(f"/consent/register/record/?corrects={wrong.pk}").context["form"]
    assert form["guardian"].value() == guardian.pk
    assert form["supersedes"].value() == wrong.pk

    post_record(client, student, guardian, channels=["cabinet"], supersedes=wrong.pk)

    wrong.refresh_from_db()
    assert wrong.superseded_by.channels == ["cabinet"]


def test_another_schools_record_cannot_be_corrected(
    client, admin_user, guardian, student, other_guardian, other_student
):
    stranger_school = f.SchoolClassFactory()
    far_child = f.student_in(stranger_school)
    far_record = f.consent_of(f.guardian_of(far_child), far_child)
    client.force_login(admin_user)

    response = post_record(client, student, guardian, supersedes=far_record.pk)

    assert response.status_code == 200
    assert "supersedes" in response.context["form"].errors
    assert ConsentRecord.objects.count() == 1
