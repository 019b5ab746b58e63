"""What the cabinet keeps in the cache between requests, and when it goes
stale.

Two kinds of data are read on every cabinet page and change seldom:

- ACCESS: whose children a person may open, whether the consent register
  lets their data be shown, the classes and groups each child learns in
  and the subjects they are taught (people, family links, student roles,
  enrolments, group memberships, classes, schools, years, consent
  records, teaching assignments, individual plans, subjects);
- CALENDAR: a school's bells, holidays and periods.

Each kind has a generation stamp in the database. Saving or deleting any
of its models draws a new stamp inside the same transaction, and cached
values are filed under the stamp read at the start of the request: once
the change commits, no request can read a value computed before it. Bulk
writes that send no signals (the demo and benchmark seeds) call
`everything_changed` when they are done.

Reading the stamps is one query per page; the cache may be per process
(the local-memory cache of development) or shared (Redis), it is right
either way.
"""

import logging
import secrets

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .models import Generation

logger = logging.getLogger(__name__)

ACCESS = "access"
CALENDAR = "calendar"
KINDS = (ACCESS, CALENDAR)

# A day is long enough: every key names the day its value is about or
# changes with the generation.
TIMEOUT = 24 * 60 * 60

# Saving only these fields of a person changes nothing the cabinet shows
# (a login stamps last_login on every sign-in).
QUIET_FIELDS = frozenset({"last_login", "password"})


class Snapshot:
    """The generation stamps read once for a request, and the cache
    looked up under them."""

    def __init__(self, stamps):
        self.stamps = stamps

    @classmethod
    def read(cls):
        return cls(dict(Generation.objects.values_list("name", "stamp")))

    def key(self, kind, *parts):
        stamp = self.stamps.get(kind, "-")
        return ":".join(["cabinet", kind, stamp, *map(str, parts)])

    def get_or_compute(self, kind, parts, compute):
        """The cached value, or `compute()` kept for the next page. A cache
        that does not answer (Redis down) costs speed, not the page."""
        key = self.key(kind, *parts)
        try:
            value = cache.get(key)
        except Exception:  # noqa: BLE001 - any failure of the cache backend
            logger.warning("The cache did not answer; reading %s directly.", kind)
            return compute()
        if value is None:
            value = compute()
            try:
                cache.set(key, value, TIMEOUT)
            except Exception:  # noqa: BLE001
                logger.warning("The cache did not keep %s.", kind)
        return value


def changed(kind):
    """A new generation of `kind`, in the caller's transaction."""
    stamp = secrets.token_hex(16)
    if not Generation.objects.filter(name=kind).update(stamp=stamp):
        Generation.objects.update_or_create(name=kind, defaults={"stamp": stamp})


def everything_changed():
    for kind in KINDS:
        changed(kind)


def _watched():
    from consent.models import ConsentRecord
    from school.models import (
        AcademicYear,
        Bell,
        Enrolment,
        GradeScheme,
        GroupMembership,
        Guardianship,
        Holiday,
        IndividualPlan,
        Period,
        RoleAssignment,
        School,
        SchoolClass,
        Student,
        Subject,
        TeachingAssignment,
        User,
    )

    return {
        ACCESS: (
            User,
            Student,
            Guardianship,
            RoleAssignment,
            Enrolment,
            GroupMembership,
            SchoolClass,
            School,
            AcademicYear,
            ConsentRecord,
            TeachingAssignment,
            IndividualPlan,
            Subject,
        ),
        CALENDAR: (Bell, Holiday, Period, GradeScheme, AcademicYear, School),
    }


def _receiver(kind):
    def on_change(sender, instance, update_fields=None, **kwargs):
        if update_fields and frozenset(update_fields) <= QUIET_FIELDS:
            return
        changed(kind)

    on_change.__name__ = f"{kind}_changed"
    return on_change


def connect():
    """Called once, from the app's ready()."""
    for kind, models in _watched().items():
        receiver = _receiver(kind)
        for model in models:
            uid = f"cabinet.freshness.{kind}.{model._meta.label}"
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
