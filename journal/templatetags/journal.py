from django import template
from django.utils.safestring import mark_safe

from journal.selectors import cell_html

register = template.Library()


@register.simple_tag
def journal_cell(cell, editable):
    return cell_html(cell, editable)


@register.simple_tag
def journal_cells(cells, editable):
    return mark_safe("".join(cell_html(cell, editable) for cell in cells))
