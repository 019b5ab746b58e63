"""Whether a child's data may be shown electronically: the one seam.

The consent register decides this (a refusal or no decision sends the
child's progress on paper). Every cabinet page and the calendar feed ask
only `electronic_access_allowed`, through `cabinet.selectors.child_access`,
so switching the rule to the consent app is a change in this file.
"""


def electronic_access_allowed(*, guardian, student, on=None):
    """True when `guardian` may see `student`'s data in the cabinet on the
    day `on`; `guardian` is None when a student opens their own cabinet.

    Until the consent register lands every linked guardian is allowed: the
    callers have already checked the link.
    """
    return True
