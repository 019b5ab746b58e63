"""The journal grid and the saving of cells and columns over HTTP."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from journal.models import Attendance, Mark
from school.models import Enrolment, Role
from tests import factories as f

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def grid_url(school_class, subject):
    return reverse("journal:grid", args=["class", school_class.pk, subject.pk])


def save_url(lesson):
    return reverse("journal:marks_save", args=[lesson.pk])


@pytest.fixture
def school_year(school_class):
    year = school_class.year
    f.models.Period.objects.create(
        year=year,
        scheme="quarter",
        number=2,
        name="2 четверть",
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 12, 26),
    )
    return year


def build_class(school_class, teacher, *, students, lessons):
    pupils = [f.student_in(school_class) for _ in range(students)]
    subject = teacher.teaching_assignments.get().subject
    made = [
        f.LessonFactory(
            school_class=school_class,
            subject=subject,
            teacher=teacher,
            date=date(2026, 11, 9) + timedelta(days=i),
        )
        for i in range(lessons)
    ]
    kind = f.WorkKindFactory(school=school_class.school)
    Mark.objects.bulk_create(
        Mark(
            lesson=x,
            student=p,
            value="4",
            points=4,
            work_kind=kind,
            weight=1,
            created_by=teacher,
        )
        for x in made
        for p in pupils
    )
    return pupils, made, subject


def test_the_teacher_sees_the_grid_with_averages(
    client, teacher, school_class, school_year, student, lesson
):
    kind = f.WorkKindFactory(school=school_class.school, name="Контрольная", weight=2)
    f.MarkFactory(lesson=lesson, student=student, value="5")
    f.MarkFactory(lesson=lesson, student=student, value="3", column=2, work_kind=kind)
    client.force_login(teacher)

    response = client.get(grid_url(school_class, lesson.subject))

    assert response.status_code == 200
    row = response.context["grid"].rows[0]
    assert str(row.average) == "4.00"
    assert str(row.weighted) == "3.67"
    assert f'name="cell-{student.pk}-1"' in response.content.decode()


@pytest.mark.parametrize("size", [(3, 2), (12, 8)])
def test_the_grid_costs_the_same_queries_at_any_size(
    client,
    teacher,
    school_class,
    school_year,
    size,
    django_assert_max_num_queries,
):
    build_class(school_class, teacher, students=size[0], lessons=size[1])
    subject = teacher.teaching_assignments.get().subject
    client.force_login(teacher)

    with django_assert_max_num_queries(12):
        response = client.get(grid_url(school_class, subject))

    assert response.status_code == 200
    assert len(response.context["grid"].rows) == size[0]


def test_a_teacher_of_another_class_gets_404(
    client, other_teacher, school_class, school_year, lesson
):
    client.force_login(other_teacher)

    assert client.get(grid_url(school_class, lesson.subject)).status_code == 404
    response = client.post(save_url(lesson), {"cell-1-1": "5"})
    assert response.status_code == 404
    assert client.get(reverse("journal:lesson", args=[lesson.pk])).status_code == 404


def test_a_teacher_of_another_subject_in_the_class_gets_404(
    client, school_class, school_year, lesson, student
):
    colleague = f.teacher_of(school_class)
    client.force_login(colleague)

    assert client.get(grid_url(school_class, lesson.subject)).status_code == 404
    response = client.post(save_url(lesson), {f"cell-{student.pk}-1": "5"})
    assert response.status_code == 404
    assert not Mark.objects.exists()


@pytest.mark.parametrize("persona", ["guardian", "clerk", None])
def test_others_cannot_open_or_fill_the_journal(
    client, request, school_class, school_year, lesson, student, persona
):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get(grid_url(school_class, lesson.subject))
    saved = client.post(save_url(lesson), {f"cell-{student.pk}-1": "5"})

    assert response.status_code in (302, 404)
    assert saved.status_code in (302, 404)
    assert not Mark.objects.exists()


def test_the_administrator_reads_the_grid_without_cells_to_fill(
    client, admin_user, school_class, school_year, lesson, student
):
    client.force_login(admin_user)

    response = client.get(grid_url(school_class, lesson.subject))

    assert response.status_code == 200
    assert response.context["editable"] is False
    assert "cell-input" not in response.content.decode()


def test_a_substitute_fills_the_lesson_they_give(client, lesson, student):
    substitute = f.staff_of(lesson.year.school, Role.TEACHER)
    lesson.teacher = substitute
    lesson.save()
    client.force_login(substitute)

    response = client.post(save_url(lesson), {f"cell-{student.pk}-1": "5"}, **HTMX)

    assert response.status_code == 200
    assert Mark.objects.get().created_by == substitute


def test_one_cell_saves_by_itself_and_says_so(client, teacher, lesson, student):
    client.force_login(teacher)

    response = client.post(
        save_url(lesson),
        {f"cell-{student.pk}-1": "5", f"seen-{student.pk}-1": "0:"},
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith("<td") and "cell-saved" in body
    assert 'value="1:5"' in body
    assert Mark.objects.get().value == "5"


def test_a_refused_cell_keeps_what_was_typed(client, teacher, lesson, student):
    client.force_login(teacher)

    response = client.post(save_url(lesson), {f"cell-{student.pk}-1": "7"}, **HTMX)

    body = response.content.decode()
    assert 'value="7"' in body and "cell-invalid" in body
    assert "не отметка" in body
    assert not Mark.objects.exists()


def test_a_column_saves_in_one_request_and_few_queries(
    client, teacher, school_class, school_year, django_assert_max_num_queries
):
    pupils, made, subject = build_class(school_class, teacher, students=30, lessons=3)
    lesson = f.LessonFactory(
        school_class=school_class,
        subject=subject,
        teacher=teacher,
        date=date(2026, 11, 20),
    )
    data = {f"cell-{p.pk}-1": "5" if i % 5 else "н" for i, p in enumerate(pupils)}
    data.update({f"seen-{p.pk}-1": "0:" for p in pupils})
    data["period"] = ""
    client.force_login(teacher)

    with django_assert_max_num_queries(10):
        response = client.post(save_url(lesson), data)

    assert response.status_code == 302
    assert Mark.objects.filter(lesson=lesson).count() == 24
    assert Attendance.objects.filter(lesson=lesson).count() == 6


def test_a_column_with_a_bad_cell_saves_the_others_and_shows_the_error(
    client, teacher, school_class, school_year, lesson, pupils
):
    a, b, c = pupils
    client.force_login(teacher)

    response = client.post(
        save_url(lesson),
        {f"cell-{a.pk}-1": "5", f"cell-{b.pk}-1": "ы", f"cell-{c.pk}-1": "3"},
    )

    assert response.status_code == 422
    assert dict(Mark.objects.values_list("student_id", "value")) == {
        a.pk: "5",
        c.pk: "3",
    }
    body = response.content.decode()
    assert 'value="ы"' in body and "не отметка" in body


def test_a_student_who_left_shows_a_closed_cell(
    client, teacher, school_class, school_year, lesson, student, pupils
):
    Enrolment.objects.filter(student=student).update(ends_on=date(2026, 11, 5))
    client.force_login(teacher)

    response = client.get(grid_url(school_class, lesson.subject))

    row = next(r for r in response.context["grid"].rows if r.student == student)
    assert row.left and not row.cells[0].enabled
    saved = client.post(save_url(lesson), {f"cell-{student.pk}-1": "5"}, **HTMX)
    assert "cell-invalid" in saved.content.decode()
    assert not Mark.objects.exists()
