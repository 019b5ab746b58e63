import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("school:health"))

    assert response.status_code == 200
    assert "Портал работает" in response.content.decode()


def test_it_answers_a_signed_in_person_too(client, guardian):
    client.force_login(guardian)

    assert client.get(reverse("school:health")).status_code == 200


def test_it_points_browsers_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
