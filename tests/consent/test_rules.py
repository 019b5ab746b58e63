from datetime import date
from itertools import product

import pytest

from consent.rules import (
    cabinet_access,
    decision_on,
    electronic_delivery_allowed,
    guardian_may_view_in_cabinet,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

CHANNELS = ["cabinet", "email", "sms"]
SCOPES = [
    ("cabinet",),
    ("email",),
    ("sms",),
    ("cabinet", "email"),
    ("email", "sms"),
    ("cabinet", "email", "sms"),
]
SIGNED = date(2026, 9, 1)
WITHDRAWN = date(2026, 10, 1)


def _cases():
    for scope, channel, withdrawn in product(SCOPES, CHANNELS, [False, True]):
        allowed = channel in scope and not withdrawn
        yield pytest.param("consent", scope, channel, withdrawn, allowed)
    for decision, channel in product(["refusal", None], CHANNELS):
        yield pytest.param(decision, (), channel, False, False)


@pytest.mark.parametrize("decision,scope,channel,withdrawn,allowed", list(_cases()))
def test_it_decides_for_every_decision_scope_channel_and_withdrawal(
    guardian, student, decision, scope, channel, withdrawn, allowed
):
    if decision:
        f.consent_of(
            guardian, student, decision=decision, channels=scope, signed_on=SIGNED
        )
    if withdrawn:
        f.consent_of(guardian, student, decision="withdrawal", signed_on=WITHDRAWN)

    answer = electronic_delivery_allowed(
        student=student, guardian=guardian, channel=channel
    )

    assert answer is allowed


@pytest.mark.parametrize(
    "day,channel,allowed",
    [
        (date(2026, 8, 31), "cabinet", False),  # before the consent was signed
        (date(2026, 9, 1), "cabinet", True),
        (date(2026, 9, 15), "email", True),
        (date(2026, 9, 15), "sms", False),  # never covered
        (date(2026, 10, 1), "cabinet", False),  # the day of the withdrawal
        (date(2026, 11, 1), "email", False),
        (date(2026, 12, 1), "cabinet", True),  # a new consent after it
        (date(2026, 12, 1), "email", False),
    ],
)
def test_it_answers_as_of_a_past_date(guardian, student, day, channel, allowed):
    f.consent_of(guardian, student, channels=("cabinet", "email"), signed_on=SIGNED)
    f.consent_of(guardian, student, decision="withdrawal", signed_on=WITHDRAWN)
    f.consent_of(guardian, student, channels=("cabinet",), signed_on=date(2026, 12, 1))

    answer = electronic_delivery_allowed(
        student=student, guardian=guardian, channel=channel, on=day
    )

    assert answer is allowed


@pytest.mark.parametrize(
    "day,allowed", [(date(2026, 9, 15), False), (date(2026, 11, 15), True)]
)
def test_a_consent_after_a_refusal_takes_over_from_its_date(
    guardian, student, day, allowed
):
    f.consent_of(guardian, student, decision="refusal", signed_on=SIGNED)
    f.consent_of(guardian, student, signed_on=date(2026, 11, 1))

    assert (
        guardian_may_view_in_cabinet(guardian=guardian, student=student, on=day)
        is allowed
    )


def test_a_correction_replaces_the_wrong_record_for_every_date(guardian, student):
    wrong = f.consent_of(guardian, student, channels=("cabinet", "email"))
    f.consent_of(
        guardian, student, decision="refusal", signed_on=SIGNED, supersedes=wrong
    )

    assert decision_on(student=student, guardian=guardian, on=SIGNED).decision == (
        "refusal"
    )
    assert not electronic_delivery_allowed(
        student=student, guardian=guardian, channel="email", on=SIGNED
    )


def test_it_refuses_a_consent_given_for_another_family(
    guardian, student, other_student
):
    f.consent_of(guardian, other_student)

    assert not electronic_delivery_allowed(
        student=other_student, guardian=guardian, channel="cabinet"
    )


def test_it_refuses_when_the_child_has_left_the_school(guardian, student):
    f.consent_of(guardian, student)
    student.enrolments.update(ends_on=date(2026, 10, 31))

    assert guardian_may_view_in_cabinet(
        guardian=guardian, student=student, on=date(2026, 10, 31)
    )
    assert not guardian_may_view_in_cabinet(
        guardian=guardian, student=student, on=date(2026, 11, 1)
    )


def test_it_costs_two_queries(guardian, student, django_assert_max_num_queries):
    f.consent_of(guardian, student)

    with django_assert_max_num_queries(2):
        electronic_delivery_allowed(
            student=student, guardian=guardian, channel="cabinet"
        )


def test_an_unknown_channel_is_a_programming_error(guardian, student):
    with pytest.raises(ValueError):
        electronic_delivery_allowed(student=student, guardian=guardian, channel="fax")


@pytest.mark.parametrize("decision,scope,channel,withdrawn,allowed", list(_cases()))
def test_the_cabinet_batch_agrees_with_the_rule(
    guardian, student, decision, scope, channel, withdrawn, allowed
):
    if decision:
        f.consent_of(guardian, student, decision=decision, channels=scope)
    if withdrawn:
        f.consent_of(guardian, student, decision="withdrawal", signed_on=WITHDRAWN)
    on = date(2026, 11, 2)

    answer = cabinet_access(person=guardian, students=[student], on=on)

    single = guardian_may_view_in_cabinet(guardian=guardian, student=student, on=on)
    assert answer == {student.pk: single}


def test_the_cabinet_batch_answers_for_several_children_in_one_query(
    django_assert_num_queries, guardian, student, other_student
):
    f.models.Guardianship.objects.create(
        guardian=guardian, student=other_student, relation="mother"
    )
    f.consent_of(guardian, student)
    f.consent_of(guardian, other_student, decision="refusal")

    with django_assert_num_queries(1):
        answer = cabinet_access(
            person=guardian, students=[student, other_student], on=date(2026, 11, 2)
        )

    assert answer == {student.pk: True, other_student.pk: False}


def test_a_student_sees_their_own_data_while_a_guardian_consents(
    guardian, student, other_guardian
):
    on = date(2026, 11, 2)
    assert cabinet_access(person=student, students=[student], on=on) == {
        student.pk: False
    }

    f.consent_of(guardian, student, channels=("email",))
    assert not cabinet_access(person=student, students=[student], on=on)[student.pk]

    f.consent_of(guardian, student, channels=("cabinet",), signed_on=date(2026, 9, 2))
    assert cabinet_access(person=student, students=[student], on=on)[student.pk]


def test_another_familys_consent_opens_nothing(guardian, student, other_guardian):
    f.consent_of(guardian, student)

    answer = cabinet_access(person=other_guardian, students=[student])

    assert answer == {student.pk: False}
