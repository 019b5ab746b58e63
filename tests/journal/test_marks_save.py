"""Entering marks and attendance: the service behind every cell."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journal import services, signals
from journal.models import Attendance, Mark, MarkChange
from journal.services import Cell
from school.models import Enrolment
from tests import factories as f

pytestmark = pytest.mark.django_db


def save(lesson, teacher, *cells):
    return services.marks_save(lesson=lesson, cells=list(cells), by=teacher)


def test_it_saves_valid_marks_and_attendance(lesson, teacher, pupils):
    a, b, c = pupils

    results = save(
        lesson,
        teacher,
        Cell(a.pk, 1, "5"),
        Cell(b.pk, 1, "н"),
        Cell(c.pk, 1, "о 4"),
        Cell(a.pk, 2, "зач"),
    )

    assert [r.status for r in results] == ["saved"] * 4
    marks = {(m.student_id, m.column): m for m in Mark.objects.all()}
    assert marks[(a.pk, 1)].value == "5" and marks[(a.pk, 1)].points == 5
    assert marks[(c.pk, 1)].value == "4"
    assert marks[(a.pk, 2)].value == "зач" and marks[(a.pk, 2)].points is None
    codes = dict(Attendance.objects.values_list("student_id", "code"))
    assert codes == {b.pk: "н", c.pk: "о"}
    assert marks[(a.pk, 1)].work_kind.name == "Ответ на уроке"
    assert marks[(a.pk, 1)].weight == 1


@pytest.mark.parametrize(
    "typed", ["7", "0", "а", "5+", "55", "n", "н 5", "5 4", "незачет"]
)
def test_it_refuses_each_invalid_value_in_its_own_cell(lesson, teacher, pupils, typed):
    a, b, _ = pupils

    bad, good = save(lesson, teacher, Cell(a.pk, 1, typed), Cell(b.pk, 1, "4"))

    assert bad.status == "invalid" and bad.message
    assert good.status == "saved"
    assert list(Mark.objects.values_list("student_id", "value")) == [(b.pk, "4")]


def test_the_message_is_clear_and_russian(lesson, teacher, student):
    [result] = save(lesson, teacher, Cell(student.pk, 1, "7"))

    assert result.message.startswith("«7» — не отметка")


def test_attendance_goes_in_the_first_column_only(lesson, teacher, student):
    [result] = save(lesson, teacher, Cell(student.pk, 2, "н"))

    assert result.status == "invalid"
    assert not Attendance.objects.exists()


def test_it_refuses_a_cell_of_a_student_who_left_the_class(
    lesson, teacher, student, pupils
):
    Enrolment.objects.filter(student=student).update(
        ends_on=lesson.date - timedelta(days=1)
    )

    left, stays = save(
        lesson, teacher, Cell(student.pk, 1, "5"), Cell(pupils[1].pk, 1, "5")
    )

    assert left.status == "invalid"
    assert stays.status == "saved"
    assert not Mark.objects.filter(student=student).exists()


def test_it_refuses_a_student_of_another_class(lesson, teacher, other_student):
    [result] = save(lesson, teacher, Cell(other_student.pk, 1, "5"))

    assert result.status == "invalid"
    assert not Mark.objects.exists()


def test_every_change_keeps_its_history(lesson, teacher, student):
    save(lesson, teacher, Cell(student.pk, 1, "3"))
    save(lesson, teacher, Cell(student.pk, 1, "4"))
    save(lesson, teacher, Cell(student.pk, 1, ""))

    history = list(MarkChange.objects.order_by("pk"))
    assert [(h.old_value, h.new_value) for h in history] == [
        ("", "3"),
        ("3", "4"),
        ("4", ""),
    ]
    assert all(h.changed_by == teacher for h in history)
    assert not Mark.objects.exists()


def test_a_mark_past_the_edit_window_needs_a_reason(lesson, teacher, student):
    save(lesson, teacher, Cell(student.pk, 1, "3"))
    Mark.objects.update(created_at=timezone.now() - timedelta(days=8))

    [refused] = save(lesson, teacher, Cell(student.pk, 1, "5"))
    [saved] = save(lesson, teacher, Cell(student.pk, 1, "5", reason="Пересдача"))

    assert refused.status == "reason"
    assert "7" in refused.message
    assert saved.status == "saved"
    change = MarkChange.objects.get(new_value="5")
    assert change.outside_edit_window and change.reason == "Пересдача"
    assert MarkChange.objects.for_review_by(teacher).count() == 0


def test_a_mark_inside_the_window_changes_without_a_reason(lesson, teacher, student):
    save(lesson, teacher, Cell(student.pk, 1, "3"))
    Mark.objects.update(created_at=timezone.now() - timedelta(days=6))

    [result] = save(lesson, teacher, Cell(student.pk, 1, "4"))

    assert result.status == "saved"
    assert not MarkChange.objects.filter(outside_edit_window=True).exists()


def test_a_concurrent_edit_asks_instead_of_overwriting(lesson, teacher, student):
    [first] = save(lesson, teacher, Cell(student.pk, 1, "3"))
    page_of_a = page_of_b = first.seen

    [by_a] = save(lesson, teacher, Cell(student.pk, 1, "4", seen=page_of_a))
    [by_b] = save(lesson, teacher, Cell(student.pk, 1, "5", seen=page_of_b))

    assert by_a.status == "saved"
    assert by_b.status == "conflict"
    assert "«4»" in by_b.message
    assert Mark.objects.get().value == "4"

    [again] = save(lesson, teacher, Cell(student.pk, 1, "5", seen=by_b.seen))
    assert again.status == "saved"
    assert Mark.objects.get().value == "5"


def test_a_cell_left_alone_is_not_a_conflict(lesson, teacher, student, pupils):
    results = save(lesson, teacher, Cell(student.pk, 1, "3"))
    shown = results[0].seen
    save(lesson, teacher, Cell(student.pk, 1, "4", seen=shown))

    untouched, typed = save(
        lesson,
        teacher,
        Cell(student.pk, 1, "3", seen=shown),
        Cell(pupils[1].pk, 1, "5"),
    )

    assert untouched.status == "unchanged"
    assert typed.status == "saved"
    assert Mark.objects.get(student=student).value == "4"


def test_it_announces_mark_changes_after_commit(
    lesson, teacher, student, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, change_ids, **kwargs):
        heard.extend(change_ids)

    signals.mark_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            save(lesson, teacher, Cell(student.pk, 1, "5"))
    finally:
        signals.mark_changed.disconnect(receiver)

    assert heard == list(MarkChange.objects.values_list("pk", flat=True))


def test_mark_set_raises_the_cell_message(lesson, teacher, student):
    with pytest.raises(ValidationError):
        services.mark_set(lesson=lesson, student=student, value="7", by=teacher)

    mark = services.mark_set(lesson=lesson, student=student, value="4", by=teacher)
    assert mark.value == "4"


def test_a_kind_of_work_sets_the_weight(lesson, teacher, student):
    test = f.WorkKindFactory(
        school=lesson.year.school, name="Контрольная работа", weight=2
    )

    save(lesson, teacher, Cell(student.pk, 1, "5", work_kind=test))

    mark = Mark.objects.get()
    assert mark.work_kind == test and mark.weight == 2
