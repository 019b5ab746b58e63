import time
from datetime import date, timedelta

import pytest
from celery.result import EagerResult
from django.dispatch import receiver
from django.utils import timezone

from consent import tasks
from consent.models import AuditEvent, ConsentRecord, Contact, DestructionAct
from consent.signals import personal_data_destroy
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(guardian, student, admin_user):
    """A family that consented, gave contacts, and withdrew."""
    f.consent_of(guardian, student, recorded_by=admin_user)
    f.contact_of(guardian, kind="email")
    f.contact_of(guardian, kind="phone")
    return f.consent_of(
        guardian,
        student,
        decision="withdrawal",
        signed_on=date(2026, 10, 1),
        recorded_by=admin_user,
    )


def test_it_destroys_the_contacts_and_writes_the_act(withdrawn, guardian):
    tasks.destroy_after_withdrawals.delay()

    assert not Contact.objects.filter(guardian=guardian).exists()
    act = DestructionAct.objects.get()
    assert act.withdrawal == withdrawn
    assert act.subject_name == guardian.full_name
    assert act.keep_until >= timezone.localdate() + timedelta(days=3 * 365)
    header, line = act.event_log.strip().splitlines()
    assert header.count(";") == 4
    subject, category, system, reason, day = line.split(";")
    assert subject == guardian.full_name
    assert category.endswith(": 2")
    assert system.startswith("eDiary")
    assert str(withdrawn.pk) in reason
    assert day.startswith(f"{timezone.localdate():%d.%m.%Y}")


def test_it_keeps_what_another_legal_basis_needs(withdrawn, guardian, student):
    tasks.destroy_withdrawn_data.delay(withdrawn.pk)

    assert ConsentRecord.objects.filter(guardian=guardian, student=student).count() == 2
    for record in ConsentRecord.objects.all():
        assert record.document.storage.exists(record.document.name)
    assert DestructionAct.objects.get().kept


def test_a_scan_shared_with_a_consent_record_outlives_the_contact(withdrawn, guardian):
    contact = Contact.objects.filter(guardian=guardian).first()
    shared = ConsentRecord.objects.filter(guardian=guardian).first().document.name
    Contact.objects.filter(pk=contact.pk).update(document=shared)
    own = f.contact_of(guardian, kind="email", value="father@example.ru")
    own.document.save("application.pdf", f.pdf_upload().file, save=True)
    own_name = own.document.name

    tasks.destroy_withdrawn_data.delay(withdrawn.pk)

    storage = own.document.storage
    assert storage.exists(shared)
    assert not storage.exists(own_name)


def test_contacts_stay_while_another_child_is_still_under_consent(
    withdrawn, guardian, school_class
):
    sibling = f.student_in(school_class)
    f.models.Guardianship.objects.create(
        guardian=guardian, student=sibling, relation="mother"
    )
    f.consent_of(guardian, sibling, channels=("email",))

    tasks.destroy_withdrawn_data.delay(withdrawn.pk)

    assert Contact.objects.filter(guardian=guardian).count() == 2
    assert DestructionAct.objects.get().categories == []


def test_it_asks_the_notifications_to_destroy_their_history(withdrawn, student):
    calls = []

    @receiver(personal_data_destroy)
    def destroy_history(sender, guardian_id, student_id, **kwargs):
        calls.append((guardian_id, student_id))
        return [("notification history", 7)]

    try:
        tasks.destroy_withdrawn_data.delay(withdrawn.pk)
    finally:
        personal_data_destroy.disconnect(destroy_history)

    assert calls == [(withdrawn.guardian_id, student.pk)]
    assert "notification history: 7" in DestructionAct.objects.get().categories


def test_it_is_safe_to_run_twice(withdrawn):
    tasks.destroy_withdrawn_data.delay(withdrawn.pk)
    tasks.destroy_withdrawn_data.delay(withdrawn.pk)
    tasks.destroy_after_withdrawals.delay()

    assert DestructionAct.objects.count() == 1


def test_acts_past_three_years_are_purged_and_not_rewritten(withdrawn):
    tasks.destroy_withdrawn_data.delay(withdrawn.pk)
    DestructionAct.objects.update(keep_until=timezone.localdate() - timedelta(days=1))

    assert tasks.purge_expired_acts.delay().get() == 1
    tasks.destroy_after_withdrawals.delay()

    assert not DestructionAct.objects.exists()
    assert AuditEvent.objects.filter(action="act_purged").count() == 1


def test_the_schedule_runs_both_tasks(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        "consent.tasks.destroy_after_withdrawals",
        "consent.tasks.purge_expired_acts",
    } <= scheduled


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_destroys_and_writes_the_act(
    withdrawn, guardian, settings
):
    from celery.contrib.testing.worker import start_worker

    from ediary.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    # The Redis database CI hands out, or this part's own one.
    broker = settings.REDIS_URL or "redis://127.0.0.1:6379/2"
    app.conf.update(broker_url=broker, task_always_eager=False)
    _reset_pool(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False):
            sent = tasks.destroy_after_withdrawals.delay()
            deadline = time.monotonic() + 30
            while not DestructionAct.objects.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        app.conf.update(saved)
        _reset_pool(app)

    assert not isinstance(sent, EagerResult)  # it went through Redis
    assert DestructionAct.objects.get().withdrawal == withdrawn
    assert not Contact.objects.filter(guardian=guardian).exists()


def _reset_pool(app):
    """Drop the broker connections so the next ones use the new broker."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
