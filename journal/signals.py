"""Events of the journal that other parts listen to.

Each signal is sent once the transaction that made the change has
committed, with the id of the row that says what happened, so a receiver
(the notifications outbox) reads committed data and never hears of a
change that was rolled back:

- ``lesson_changed(change_id)``: a LessonChange was recorded (substitution,
  move or cancellation).
- ``mark_changed(change_ids)``: marks were set, changed or removed; one
  MarkChange per cell.
- ``homework_given(homework_id)``: homework was given.
- ``recommendation_written(recommendation_id)``: a teacher wrote to a
  student's guardians or to a class.

The sender is the model class of the row (LessonChange, MarkChange,
Homework, Recommendation).
"""

from functools import partial

from django.db import transaction
from django.dispatch import Signal

lesson_changed = Signal()
mark_changed = Signal()
homework_given = Signal()
recommendation_written = Signal()


def send_on_commit(signal, sender, **kwargs):
    transaction.on_commit(partial(signal.send, sender=sender, **kwargs))
