"""The cabinet owns one thing: the secret links of calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32


def new_feed_token():
    """A long random token: 256 bits, URL-safe, nothing personal in it."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A private iCalendar link to one child's lessons, tests, homework
    and holidays, made by a guardian (or the student) and revocable."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("made by"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("student"),
    )
    token = models.CharField(
        _("secret token"), max_length=64, unique=True, default=new_feed_token
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "student"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_feed_per_owner_and_student",
            )
        ]

    def __str__(self):
        return str(_("Calendar feed #%(pk)s") % {"pk": self.pk})


class Generation(models.Model):
    """The current generation of a kind of data the cabinet keeps in the
    cache. A cached value is filed under the stamp it was read with, and a
    change draws a new random stamp in its own transaction, so no value
    read before the change is read again (not even after a database is
    restored from a backup, as a counter would be). See
    `cabinet.freshness`."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    stamp = models.CharField(_("stamp"), max_length=32)

    class Meta:
        verbose_name = _("cache generation")
        verbose_name_plural = _("cache generations")

    def __str__(self):
        return f"{self.name} {self.stamp}"
