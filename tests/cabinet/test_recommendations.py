import pytest
from django.urls import reverse

from journal.models import Recommendation

pytestmark = pytest.mark.django_db


def test_it_shows_recommendations_to_the_child_and_class_newest_first(
    client, guardian, student, teacher, school_class, other_class, other_student, week
):
    Recommendation.objects.create(
        author=teacher, school_class=school_class, text="Всему классу: читать"
    )
    Recommendation.objects.create(
        author=teacher, school_class=other_class, text="Другому классу"
    )
    Recommendation.objects.create(
        author=teacher, student=other_student, text="Другому ученику"
    )
    client.force_login(guardian)

    body = client.get(
        reverse("cabinet:recommendations", args=[student.pk])
    ).content.decode()

    assert body.index("Всему классу: читать") < body.index("Повторить дроби")
    assert "Другому классу" not in body
    assert "Другому ученику" not in body
