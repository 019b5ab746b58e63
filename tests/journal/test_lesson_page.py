"""The lesson page: topic, type, homework with files, marks of one lesson."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal import services
from journal.models import Homework, HomeworkFile, Mark, MarkChange
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page(lesson):
    return f"/journal/lessons/{lesson.pk}/"


def test_the_teacher_sets_topic_and_type(client, teacher, lesson):
    client.force_login(teacher)

    response = client.post(
        page(lesson) + "describe/", {"topic": "Дроби", "lesson_type": "test"}
    )

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert (lesson.topic, lesson.lesson_type) == ("Дроби", "test")


def test_the_lesson_page_saves_both_columns_with_kind_and_comment(
    client, teacher, lesson, student
):
    kinds = {k.name: k for k in services.work_kinds_load(school=lesson.year.school)}
    exam = kinds["Экзамен"]
    client.force_login(teacher)

    response = client.post(
        page(lesson) + "marks/",
        {
            "return_to": "lesson",
            f"cell-{student.pk}-1": "о 4",
            f"cell-{student.pk}-2": "5",
            f"comment-{student.pk}-1": "Опоздал на 10 минут",
            "kind-2": exam.pk,
        },
    )

    assert response.status_code == 302
    first, second = Mark.objects.order_by("column")
    assert first.comment == "Опоздал на 10 минут" and first.weight == 1
    assert second.work_kind == exam and second.weight == 3
    assert client.get(page(lesson)).status_code == 200


def test_homework_is_due_at_the_next_lesson_by_default(
    client, teacher, lesson, school_class
):
    later = f.lesson_for(teacher, school_class, date=date(2026, 11, 12))
    client.force_login(teacher)

    response = client.post(page(lesson) + "homework/", {"text": "§ 12"})

    assert response.status_code == 302
    assert Homework.objects.get().due_date == later.date


def test_homework_without_a_next_lesson_is_due_in_a_week(teacher, lesson):
    homework = services.homework_give(lesson=lesson, text="§ 3", by=teacher)

    assert homework.due_date == date(2026, 11, 16)


def test_individual_homework_for_one_student(client, teacher, lesson, student):
    client.force_login(teacher)

    client.post(page(lesson) + "homework/", {"text": "Карточка", "student": student.pk})

    assert Homework.objects.get().student == student


def test_a_file_is_served_as_an_attachment_to_those_who_may_see_it(
    client, teacher, lesson, guardian, other_guardian
):
    upload = SimpleUploadedFile("задание.pdf", b"%PDF-1.4 test", "application/pdf")
    client.force_login(teacher)
    client.post(page(lesson) + "homework/", {"text": "Прочитать", "files": upload})
    attached = HomeworkFile.objects.get()
    student = guardian.wards.get().student
    f.consent_of(guardian, student)

    client.force_login(guardian)
    response = client.get(f"/journal/homework-files/{attached.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert "/media/" not in client.get(page(lesson)).content.decode()

    client.force_login(other_guardian)
    assert client.get(f"/journal/homework-files/{attached.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/journal/homework-files/{attached.pk}/").status_code == 302


def test_a_family_on_paper_gets_no_file(client, teacher, lesson, guardian):
    """Without the consent to the cabinet (or after its withdrawal) the
    homework file is not served to the family; the teacher still has it."""
    upload = SimpleUploadedFile("задание.pdf", b"%PDF-1.4 test", "application/pdf")
    client.force_login(teacher)
    client.post(page(lesson) + "homework/", {"text": "Прочитать", "files": upload})
    url = f"/journal/homework-files/{HomeworkFile.objects.get().pk}/"
    student = guardian.wards.get().student

    client.force_login(guardian)
    assert client.get(url).status_code == 404

    f.consent_of(guardian, student)
    assert client.get(url).status_code == 200

    f.consent_of(guardian, student, decision="withdrawal", signed_on=date(2026, 10, 1))
    assert client.get(url).status_code == 404

    client.force_login(student)
    assert client.get(url).status_code == 404
    client.force_login(teacher)
    assert client.get(url).status_code == 200

    f.consent_of(guardian, student, signed_on=date(2026, 10, 2))
    client.force_login(student)
    assert client.get(url).status_code == 200


def test_files_of_other_types_or_too_large_are_refused(
    client, teacher, lesson, settings
):
    settings.HOMEWORK_FILE_MAX_BYTES = 10
    client.force_login(teacher)

    script = SimpleUploadedFile("x.html", b"<script>", "text/html")
    large = SimpleUploadedFile("big.pdf", b"x" * 11, "application/pdf")
    for upload in (script, large):
        response = client.post(
            page(lesson) + "homework/", {"text": "Прочитать", "files": upload}
        )
        assert response.status_code == 422
        assert "Прочитать" in response.content.decode()

    assert not Homework.objects.exists()


def test_the_history_is_shown_to_the_teacher_and_the_administrator(
    client, teacher, admin_user, other_teacher, lesson, student
):
    services.mark_set(lesson=lesson, student=student, value="3", by=teacher)
    services.mark_set(lesson=lesson, student=student, value="4", by=teacher)

    for person in (teacher, admin_user):
        client.force_login(person)
        response = client.get(page(lesson) + "history/")
        assert response.status_code == 200
        assert len(response.context["changes"]) == MarkChange.objects.count() == 2

    client.force_login(other_teacher)
    assert client.get(page(lesson) + "history/").status_code == 404


def test_the_homework_is_announced(teacher, lesson, django_capture_on_commit_callbacks):
    from journal import signals

    heard = []

    def receiver(sender, homework_id, **kwargs):
        heard.append(homework_id)

    signals.homework_given.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            homework = services.homework_give(lesson=lesson, text="§ 1", by=teacher)
    finally:
        signals.homework_given.disconnect(receiver)

    assert heard == [homework.pk]
