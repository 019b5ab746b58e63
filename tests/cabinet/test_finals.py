import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_explains_that_no_finals_are_published_yet(client, guardian, student, week):
    client.force_login(guardian)

    body = client.get(reverse("cabinet:finals", args=[student.pk])).content.decode()

    assert "пока не опубликованы" in body
    assert "24 часа" in body
