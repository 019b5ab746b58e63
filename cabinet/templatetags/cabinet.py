from django import template

from cabinet import labels, lines

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
    return lines.mark_chips(marks)


@register.simple_tag(takes_context=True)
def lesson_line(context, line, child=None, label=""):
    """One lesson line (see `cabinet.lines`); the words are translated
    once for the whole page."""
    writer = context.render_context.get(lines.LineWriter)
    if writer is None:
        writer = context.render_context[lines.LineWriter] = lines.LineWriter()
    child = child or context.get("child")
    guardian = bool(child and child.guardian)
    return writer.line(line, guardian=guardian, label=label)


@register.simple_tag(takes_context=True)
def subject_row(context, row):
    """One subject of the marks page (see `cabinet.lines`)."""
    writer = context.render_context.get(lines.SubjectWriter)
    if writer is None:
        page = context["page"]
        writer = lines.SubjectWriter(student=page.student, period=context["period"])
        context.render_context[lines.SubjectWriter] = writer
    return writer.row(row)


@register.simple_tag(takes_context=True)
def diary_days(context, days):
    """The days of the diary week (see `cabinet.lines`)."""
    child = context.get("child")
    writer = lines.DayWriter(
        today=context["page"].today, guardian=bool(child and child.guardian)
    )
    return writer.days(days)
