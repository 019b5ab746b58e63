import pytest

from journal import signals
from journal.models import Recommendation

pytestmark = pytest.mark.django_db


def url(school_class):
    return f"/journal/classes/{school_class.pk}/recommendations/new/"


def test_the_teacher_writes_to_a_student_s_guardians(
    client, teacher, school_class, student, guardian, other_guardian
):
    client.force_login(teacher)

    response = client.post(
        url(school_class), {"student": student.pk, "text": "Больше читать"}
    )

    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert recommendation.student == student and recommendation.author == teacher
    assert Recommendation.objects.visible_to(guardian).count() == 1
    assert Recommendation.objects.visible_to(other_guardian).count() == 0


def test_the_teacher_writes_to_the_whole_class(
    client, teacher, school_class, student, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, recommendation_id, **kwargs):
        heard.append(recommendation_id)

    signals.recommendation_written.connect(receiver)
    client.force_login(teacher)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url(school_class), {"text": "Собрание в пятницу"})
    finally:
        signals.recommendation_written.disconnect(receiver)

    recommendation = Recommendation.objects.get()
    assert recommendation.school_class == school_class
    assert heard == [recommendation.pk]


def test_a_teacher_of_another_class_cannot_write(client, other_teacher, school_class):
    client.force_login(other_teacher)

    assert client.get(url(school_class)).status_code == 404
    client.post(url(school_class), {"text": "x"})
    assert not Recommendation.objects.exists()


def test_an_empty_recommendation_is_refused(client, teacher, school_class):
    client.force_login(teacher)

    response = client.post(url(school_class), {"text": ""})

    assert response.status_code == 422
