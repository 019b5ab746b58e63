"""Writes of the cabinet: calendar links and ticking homework as done."""

from django.db import transaction
from django.utils import timezone

from journal.models import HomeworkDone

from .models import CalendarFeed


@transaction.atomic
def calendar_feed_create(*, owner, student):
    """A new secret link; an older one of the same person and child stops
    working, so a link that leaked can be replaced in one step."""
    calendar_feed_revoke(owner=owner, student=student)
    return CalendarFeed.objects.create(owner=owner, student=student)


@transaction.atomic
def calendar_feed_revoke(*, owner, student):
    return (
        CalendarFeed.objects.active()
        .filter(owner=owner, student=student)
        .update(revoked_at=timezone.now())
    )


@transaction.atomic
def homework_done_set(*, homework, student, done):
    if done:
        HomeworkDone.objects.get_or_create(homework=homework, student=student)
    else:
        HomeworkDone.objects.filter(homework=homework, student=student).delete()
