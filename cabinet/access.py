"""Whether a child's data may be shown electronically: the one seam.

The consent register decides (a refusal, a withdrawal or no decision sends
the child's progress on paper). Every cabinet page and the calendar feed
ask only `electronic_access`, through `cabinet.selectors.cabinet_children`.
"""

from consent.rules import cabinet_access


def electronic_access(*, person, students, on=None):
    """{student id: may `person` see that student's data in the cabinet on
    the day `on`}: a guardian for their children, a student for themselves
    (allowed while a guardian's consent covers the cabinet)."""
    return cabinet_access(person=person, students=students, on=on)
