import pytest

from consent.selectors import students_on_paper
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_refusal_withdrawal_and_no_decision_mean_paper(guardian, student, school_class):
    consented = f.student_in(school_class)
    f.consent_of(f.guardian_of(consented), consented)
    refused = f.student_in(school_class)
    f.consent_of(f.guardian_of(refused), refused, decision="refusal")
    withdrew = f.student_in(school_class)
    withdrew_guardian = f.guardian_of(withdrew)
    f.consent_of(withdrew_guardian, withdrew)
    f.consent_of(withdrew_guardian, withdrew, decision="withdrawal")
    orphan = f.student_in(school_class)
    sms_only = f.student_in(school_class)
    f.consent_of(f.guardian_of(sms_only), sms_only, channels=("sms",))

    on_paper = set(students_on_paper(school_class.school))

    assert on_paper == {student, refused, withdrew, orphan, sms_only}


def test_the_clerk_sees_the_list_per_class(
    client, clerk, guardian, student, school_class, django_assert_max_num_queries
):
    consented = f.student_in(school_class)
    f.consent_of(f.guardian_of(consented), consented)
    client.force_login(clerk)

    with django_assert_max_num_queries(12):
        response = client.get("/consent/paper/")

    body = response.content.decode()
    assert f"Класс {school_class}" in body
    assert student.full_name in body and guardian.full_name in body
    assert consented.full_name not in body


def test_the_clerk_home_links_here(client, clerk):
    client.force_login(clerk)

    assert "/consent/paper/" in client.get("/clerk/").content.decode()


@pytest.mark.parametrize("persona", ["guardian", "teacher", "admin_user"])
def test_the_list_is_for_clerks(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/consent/paper/").status_code == 404


def test_the_paper_list_agrees_with_the_delivery_decision(school_class):
    from datetime import date

    from consent.rules import guardian_may_view_in_cabinet

    histories = [
        [],
        [("consent", ("cabinet",), date(2026, 9, 1))],
        [("consent", ("email",), date(2026, 9, 1))],
        [("refusal", (), date(2026, 9, 1))],
        [
            ("consent", ("cabinet",), date(2026, 9, 1)),
            ("withdrawal", (), date(2026, 10, 1)),
        ],
        [
            ("refusal", (), date(2026, 9, 1)),
            ("consent", ("cabinet",), date(2026, 11, 1)),
        ],
    ]
    for history in histories:
        child = f.student_in(school_class)
        parent = f.guardian_of(child)
        for decision, channels, signed_on in history:
            f.consent_of(
                parent, child, decision=decision, channels=channels, signed_on=signed_on
            )

    for day in [date(2026, 9, 15), date(2026, 10, 15), date(2026, 11, 15)]:
        on_paper = set(students_on_paper(school_class.school, day))
        expected = {
            link.student
            for link in f.models.Guardianship.objects.select_related("student")
            if not guardian_may_view_in_cabinet(
                guardian=link.guardian, student=link.student, on=day
            )
        }
        assert on_paper == expected, day
