from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cabinet import labels

register = template.Library()


@register.filter
def change_kind(kind):
    return labels.CHANGE_KINDS.get(kind, kind)


@register.filter
def attendance(code):
    return labels.ATTENDANCE.get(code, code)


@register.filter
def lesson_type(value):
    return labels.LESSON_TYPES.get(value, value)


@register.filter
def mark_chips(marks):
    """The marks as coloured chips, the weight below when it is not 1.
    Built in Python, each different chip once: a period's page shows
    hundreds of marks, and most of them look like another."""
    weight_word = _("weight")
    chips = {}
    parts = []
    for m in marks:
        key = (m.points, m.work_kind, m.weight, m.value)
        chip = chips.get(key)
        if chip is None:
            chip = chips[key] = _chip(m, weight_word)
        parts.append(chip)
    return mark_safe("".join(parts))


def _chip(mark, weight_word):
    weight = number_format(mark.weight.normalize())
    return format_html(
        '<span class="mark mark-{}" title="{}, {} {}">{}{}</span>',
        mark.points or "x",
        mark.work_kind,
        weight_word,
        weight,
        mark.value,
        "" if mark.weight == 1 else format_html("<sub>×{}</sub>", weight),
    )
