import pytest
from django.core.management import call_command

from consent.models import ConsentRecord, DestructionAct
from consent.rules import guardian_may_view_in_cabinet
from school.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_school_gets_consents_refusals_and_a_withdrawal(capsys):
    call_command("seed_demo")

    decisions = set(ConsentRecord.objects.values_list("decision", flat=True))
    assert decisions == {"consent", "refusal", "withdrawal"}
    assert DestructionAct.objects.count() == 1
    undecided = User.objects.filter(wards__isnull=False, consents_given__isnull=True)
    assert undecided.exists()
    for username in ["guardian", "guardian2"]:
        guardian = User.objects.get(username=username)
        for link in guardian.wards.select_related("student"):
            assert guardian_may_view_in_cabinet(guardian=guardian, student=link.student)
