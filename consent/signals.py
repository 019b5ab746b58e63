"""Signals other parts connect to.

`personal_data_destroy` is sent when the data held only on the strength of
a withdrawn consent is destroyed. Receivers (the notifications app, for
its delivery history) delete what they hold for the guardian and child in
the same transaction and return a list of (category, count) pairs, with a
category in words for the act of destruction.
"""

from django.dispatch import Signal

personal_data_destroy = Signal()
