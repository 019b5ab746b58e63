import pytest
from django.http import HttpResponse
from django.utils import timezone

from ediary.celery import app, retryable_task
from school.middleware import PersonPreferencesMiddleware
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_shows_times_in_the_school_time_zone(client, guardian, school_class, rf):
    school = school_class.school
    school.time_zone = "Asia/Yekaterinburg"
    school.save()
    client.post("/login/", {"username": "mother", "password": PASSWORD})
    request = rf.get("/")
    request.user = guardian
    request.session = client.session
    seen = {}

    def view(request):
        seen["tz"] = timezone.get_current_timezone_name()
        return HttpResponse()

    PersonPreferencesMiddleware(view)(request)

    assert seen["tz"] == "Asia/Yekaterinburg"
    assert timezone.get_current_timezone_name() == "Europe/Moscow"


def test_it_speaks_russian_by_default(client, db):
    response = client.get("/login/")

    assert '<html lang="ru">' in response.content.decode()
    assert "Вход в eDiary" in response.content.decode()


def test_it_serves_no_inline_script_and_a_strict_policy(client, db):
    response = client.get("/login/")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "<script>" not in response.content.decode()


def test_tasks_speak_json_and_retryable_ones_ack_late():
    @retryable_task(name="tests.noop")
    def noop():
        return None

    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
    assert noop.acks_late is True
