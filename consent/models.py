"""The consent register: what each guardian agreed to for each child, on
what document, and the contact details the school may deliver to.

Records are never edited: a correction is a new record that supersedes the
wrong one, a withdrawal is a new record made from its own document.
"""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from .querysets import ConsentRecordQuerySet, ContactQuerySet, DestructionActQuerySet

ACT_KEPT_FOR = timedelta(days=3 * 365 + 1)
DESTRUCTION_DEADLINE = timedelta(days=30)


def document_path(instance, filename):
    """An opaque name: no person's name ever reaches the file system."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    folder = instance.__class__.__name__.lower()
    return f"consent/{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Channel(models.TextChoices):
    CABINET = "cabinet", _("electronic diary and personal cabinet")
    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")


class ConsentRecord(models.Model):
    class Decision(models.TextChoices):
        CONSENT = "consent", _("consent")
        REFUSAL = "refusal", _("refusal")
        WITHDRAWAL = "withdrawal", _("withdrawal of consent")

    class Form(models.TextChoices):
        PAPER = "paper", _("paper form signed by hand")
        PORTAL = (
            "portal",
            _("electronic document signed electronically (public-services portal)"),
        )
        EDMS = (
            "edms",
            _("electronic document signed electronically (document management system)"),
        )

    school = models.ForeignKey(
        "school.School",
        on_delete=models.PROTECT,
        related_name="consent_records",
        verbose_name=_("school"),
    )
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consents_given",
        verbose_name=_("guardian"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consents_about",
        verbose_name=_("student"),
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    covers_cabinet = models.BooleanField(
        _("electronic diary and personal cabinet"), default=False
    )
    covers_email = models.BooleanField(_("email"), default=False)
    covers_sms = models.BooleanField(_("SMS"), default=False)
    signed_on = models.DateField(_("date signed"))
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    document = models.FileField(_("document"), upload_to=document_path)
    document_sha256 = models.CharField(_("SHA-256 of the document"), max_length=64)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects record"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-signed_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["guardian", "student", "signed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="consent")
                | Q(covers_cabinet=True)
                | Q(covers_email=True)
                | Q(covers_sms=True),
                name="consent_covers_a_channel",
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()} {self.signed_on:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A consent record is never edited: record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A consent record is never deleted: it is the proof.")

    def covers(self, channel):
        return self.decision == self.Decision.CONSENT and getattr(
            self, f"covers_{channel}"
        )

    @property
    def channels(self):
        return [c for c in Channel if getattr(self, f"covers_{c}")]


class Contact(models.Model):
    """An email address or phone number of a guardian and where it came
    from. Only a confirmed, current contact receives anything."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("email")
        PHONE = "phone", _("mobile phone")

    class Source(models.TextChoices):
        APPLICATION = "application", _("written application")
        ELECTRONIC = "electronic", _("electronic document")
        CABINET = "cabinet", _("entered by the guardian in the cabinet")

    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("guardian"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneNumberField(_("phone number"), blank=True, region="RU")
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    document = models.FileField(_("document"), upload_to=document_path, blank=True)
    document_sha256 = models.CharField(
        _("SHA-256 of the document"), max_length=64, blank=True
    )
    received_on = models.DateField(_("date received"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["kind", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="email", phone="") & ~Q(email="")
                | Q(kind="phone", email="") & ~Q(phone=""),
                name="contact_has_one_value",
            )
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def value(self):
        return self.email if self.kind == self.Kind.EMAIL else self.phone

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class ContactConfirmation(models.Model):
    """A pending confirmation: a link by email, a code by SMS. Only the
    hash of the secret is kept."""

    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("contact"),
    )
    secret_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("valid until"))
    tries_left = models.PositiveSmallIntegerField(_("tries left"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact confirmation")
        verbose_name_plural = _("contact confirmations")

    def __str__(self):
        return str(self.contact)

    def is_open(self, now):
        return self.used_at is None and self.tries_left > 0 and self.expires_at > now


class DestructionAct(models.Model):
    """An act of destruction of personal data after a withdrawal, with the
    export of the event log the regulator asks for."""

    school = models.ForeignKey(
        "school.School",
        on_delete=models.PROTECT,
        related_name="destruction_acts",
        verbose_name=_("school"),
    )
    withdrawal = models.OneToOneField(
        ConsentRecord,
        on_delete=models.PROTECT,
        related_name="destruction_act",
        verbose_name=_("withdrawal"),
    )
    subject_name = models.CharField(_("data subject"), max_length=500)
    categories = models.JSONField(_("categories destroyed"), default=list)
    kept = models.JSONField(_("kept on another legal basis"), default=list)
    system = models.CharField(_("information system"), max_length=200)
    reason = models.CharField(_("reason"), max_length=500)
    destroyed_at = models.DateTimeField(_("destroyed at"))
    keep_until = models.DateField(_("keep the act until"))
    event_log = models.TextField(_("event log export"))

    objects = DestructionActQuerySet.as_manager()

    class Meta:
        verbose_name = _("act of destruction")
        verbose_name_plural = _("acts of destruction")
        ordering = ["-destroyed_at"]

    def __str__(self):
        return str(_("Act of destruction No. %(number)s") % {"number": self.pk})


class AuditEvent(models.Model):
    """Who did what in the register; holds ids, never personal data."""

    class Action(models.TextChoices):
        CONSENT_RECORDED = "consent_recorded", _("decision recorded")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
        CONTACT_ADDED = "contact_added", _("contact added")
        CONTACT_REQUESTED = "contact_requested", _("contact change requested")
        CONTACT_CONFIRMED = "contact_confirmed", _("contact confirmed")
        CONFIRMATION_FAILED = "confirmation_failed", _("wrong confirmation code")
        DATA_DESTROYED = "data_destroyed", _("data destroyed")
        ACT_PURGED = "act_purged", _("expired act deleted")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    guardian_id = models.BigIntegerField(_("guardian id"), null=True, blank=True)
    student_id = models.BigIntegerField(_("student id"), null=True, blank=True)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("register event")
        verbose_name_plural = _("register events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%d.%m.%Y %H:%M}"
