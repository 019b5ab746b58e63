from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
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
    Built in Python: a period's page shows hundreds of them."""
    weight_word = _("weight")
    return format_html_join(
        "",
        '<span class="mark mark-{}" title="{}, {} {}">{}{}</span>',
        (
            (
                m.points or "x",
                m.work_kind,
                weight_word,
                number_format(m.weight.normalize()),
                m.value,
                ""
                if m.weight == 1
                else format_html("<sub>×{}</sub>", number_format(m.weight.normalize())),
            )
            for m in marks
        ),
    )
