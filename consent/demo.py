"""Consents, refusals and a withdrawal for the demo school, by bulk insert.

Every demo document is one small invented PDF saved once. The demo
guardians with logins consent for all their children, so the cabinet
shows data; some other families refuse, some have not decided, and one
withdrew (the act of destruction for it is written too).
"""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from school.models import Guardianship, User

from .destruction import withdrawal_data_destroy
from .models import ConsentRecord, Contact

DEMO_LOGINS = ("guardian", "guardian2")
DEMO_DOCUMENT = b"%PDF-1.4\n% eDiary demo: an invented signed form\n%%EOF\n"


def _demo_document():
    name = default_storage.save(
        "consent/demo/signed-form.pdf", ContentFile(DEMO_DOCUMENT)
    )
    return name, hashlib.sha256(DEMO_DOCUMENT).hexdigest()


def populate(ctx):
    admin = User.objects.get(username="admin")
    document, checksum = _demo_document()
    rng = ctx.rng
    year_start = ctx.year.starts_on
    links = list(
        Guardianship.objects.filter(student__in=ctx.students)
        .select_related("guardian")
        .order_by("guardian_id", "student_id")
    )
    with_login = {
        link.guardian_id for link in links if link.guardian.username in DEMO_LOGINS
    }

    def record(link, decision, signed_on, **covers):
        return ConsentRecord(
            school=ctx.school,
            guardian_id=link.guardian_id,
            student_id=link.student_id,
            decision=decision,
            signed_on=signed_on,
            form=ConsentRecord.Form.PAPER,
            document=document,
            document_sha256=checksum,
            recorded_by=admin,
            **covers,
        )

    everything = {"covers_cabinet": True, "covers_email": True, "covers_sms": True}
    records, consenting = [], set()
    for link in links:
        signed_on = year_start - timedelta(days=rng.randrange(0, 20))
        roll = rng.random()
        if link.guardian_id in with_login or roll < 0.7:
            covers = (
                everything
                if roll < 0.5 or link.guardian_id in with_login
                else {
                    "covers_cabinet": True,
                    "covers_email": True,
                }
            )
            records.append(
                record(link, ConsentRecord.Decision.CONSENT, signed_on, **covers)
            )
            consenting.add(link.guardian_id)
        elif roll < 0.82:
            records.append(record(link, ConsentRecord.Decision.REFUSAL, signed_on))
    ConsentRecord.objects.bulk_create(records)

    _contacts(ctx, sorted(consenting), admin, document, checksum)
    _one_withdrawal(ctx, records, with_login, record)


def _contacts(ctx, guardian_ids, admin, document, checksum):
    received_on = ctx.year.starts_on - timedelta(days=20)
    now = timezone.now()
    contacts = []
    for n, guardian_id in enumerate(guardian_ids):
        common = {
            "guardian_id": guardian_id,
            "source": Contact.Source.APPLICATION,
            "document": document,
            "document_sha256": checksum,
            "received_on": received_on,
            "recorded_by": admin,
            "confirmed_at": now,
        }
        contacts.append(
            Contact(
                kind=Contact.Kind.EMAIL,
                email=f"family{guardian_id}@example.ru",
                **common,
            )
        )
        contacts.append(
            Contact(kind=Contact.Kind.PHONE, phone=f"+79000{n:06d}", **common)
        )
    Contact.objects.bulk_create(contacts)


def _one_withdrawal(ctx, records, with_login, record):
    """A guardian of one child, who consented, withdrew today."""
    children = {}
    for r in records:
        children.setdefault(r.guardian_id, []).append(r)
    consent = next(
        rs[0]
        for guardian_id, rs in children.items()
        if guardian_id not in with_login
        and len(rs) == 1
        and rs[0].decision == ConsentRecord.Decision.CONSENT
    )
    withdrawal = record(consent, ConsentRecord.Decision.WITHDRAWAL, ctx.today)
    withdrawal.save()
    withdrawal_data_destroy(withdrawal_id=withdrawal.pk)
