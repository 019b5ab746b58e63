"""The mark chips filter: one chip a mark, in order, even when marks repeat."""

from datetime import date
from decimal import Decimal

from cabinet.selectors import MarkRow
from cabinet.templatetags.cabinet import mark_chips


def _mark(value, points, weight, work_kind="Answer in class"):
    return MarkRow(
        lesson_id=1,
        value=value,
        points=points,
        weight=Decimal(weight),
        column=1,
        comment="",
        date=date(2026, 11, 2),
        topic="",
        subject_id=1,
        subject_name="Algebra",
        work_kind=work_kind,
    )


def test_it_shows_each_mark_in_order_even_when_two_look_alike():
    marks = [_mark("5", 5, "1"), _mark("3", 3, "2", "Test"), _mark("5", 5, "1")]

    html = mark_chips(marks)

    assert html.count('<span class="mark') == 3
    assert html.index("mark-5") < html.index("mark-3") < html.rindex("mark-5")
    assert html.count("<sub>×2</sub>") == 1


def test_it_escapes_the_kind_of_work():
    html = mark_chips([_mark("4", 4, "1", "<b>Quiz</b>")])

    assert "&lt;b&gt;Quiz&lt;/b&gt;" in html
