"""Every cabinet route: the guardian gets it; another guardian, a teacher
of another class and an anonymous visitor do not. The last test fails
when a route of the cabinet is missing here."""

import pytest
from django.urls import get_resolver, reverse

from cabinet.models import CalendarFeed

pytestmark = pytest.mark.django_db

# How to call each route of a child's page: method and extra URL arguments.
CHILD_ROUTES = {
    "diary": ("get", {}),
    "marks": ("get", {}),
    "subject_marks": ("get", {"subject_id": "subject"}),
    "timetable": ("get", {}),
    "tests": ("get", {}),
    "teachers": ("get", {}),
    "year": ("get", {}),
    "homework": ("get", {}),
    "homework_done": ("post", {"homework_id": "homework"}),
    "recommendations": ("get", {}),
    "finals": ("get", {}),
    "calendar_feed": ("get", {}),
}
# Routes without a child in the URL, tested by the functions named here.
OTHER_ROUTES = {
    "home": "test_it_shows_home_only_with_the_persons_own_children",
    "ics": "test_it_serves_a_feed_only_for_its_token",
}
# Answers only when the benchmark switches it on.
BENCH_ONLY = {"bench_bare"}


def _url(name, week, student):
    method, extra = CHILD_ROUTES[name]
    kwargs = {"student_id": student.pk}
    for key, what in extra.items():
        kwargs[key] = (
            week["ordinary"].subject_id
            if what == "subject"
            else week["ordinary"].homework.get().pk
        )
    return method, reverse(f"cabinet:{name}", kwargs=kwargs)


def _call(client, method, url):
    if method == "post":
        return client.post(url, {"done": "1"})
    return client.get(url)


@pytest.mark.parametrize("name", sorted(CHILD_ROUTES))
def test_it_serves_each_page_to_the_guardian(client, guardian, student, week, name):
    client.force_login(guardian)
    method, url = _url(name, week, student)

    response = _call(client, method, url)

    assert response.status_code == (302 if method == "post" else 200)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", sorted(CHILD_ROUTES))
@pytest.mark.parametrize(
    "persona", ["other_guardian", "other_teacher", "teacher", "other_student"]
)
def test_it_answers_404_to_anyone_else(client, request, student, week, name, persona):
    client.force_login(request.getfixturevalue(persona))
    method, url = _url(name, week, student)

    response = _call(client, method, url)

    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(CHILD_ROUTES))
def test_it_sends_an_anonymous_visitor_to_log_in(client, student, week, name):
    method, url = _url(name, week, student)

    response = _call(client, method, url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(CHILD_ROUTES))
def test_it_serves_each_page_to_the_student_themselves(
    client, guardian, student, week, name
):
    # A student sees their own cabinet while a guardian's consent covers it.
    client.force_login(student)
    method, url = _url(name, week, student)

    response = _call(client, method, url)

    assert response.status_code == (302 if method == "post" else 200)


def test_it_shows_home_only_with_the_persons_own_children(
    client, guardian, other_guardian, other_teacher, student, week
):
    url = reverse("cabinet:home")
    assert client.get(url).status_code == 302

    for outsider in (other_guardian, other_teacher):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 200
        assert student.last_name not in response.content.decode()

    client.force_login(guardian)
    response = client.get(url)
    assert student.last_name in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_it_serves_a_feed_only_for_its_token(client, guardian, student, week):
    feed = CalendarFeed.objects.create(owner=guardian, student=student)

    good = client.get(reverse("cabinet:ics", args=[feed.token]))
    guessed = client.get(reverse("cabinet:ics", args=[feed.token[:-2] + "xx"]))

    assert good.status_code == 200
    assert "no-store" in good["Cache-Control"]
    assert guessed.status_code == 404


def _bench_url(student, week):
    day = week["ordinary"].date
    url = reverse("cabinet:bench_bare", args=[student.pk])
    return f"{url}?start={day:%Y-%m-%d}&end={day:%Y-%m-%d}"


def test_it_answers_404_on_the_bench_page_in_normal_running(
    client, guardian, student, week
):
    client.force_login(guardian)

    response = client.get(_bench_url(student, week))

    assert response.status_code == 404


def test_it_shows_the_bench_page_only_to_the_childs_guardian(
    client, settings, guardian, other_guardian, student, week
):
    settings.CABINET_BENCH_BARE_PAGE = True
    client.force_login(other_guardian)
    outsider = client.get(_bench_url(student, week))
    client.force_login(guardian)

    response = client.get(_bench_url(student, week))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert outsider.content.decode() == "<!DOCTYPE html><table></table>"
    assert response.content.decode() != outsider.content.decode()


def test_every_cabinet_route_has_an_access_test():
    tested = set(CHILD_ROUTES) | set(OTHER_ROUTES)
    for function in OTHER_ROUTES.values():
        assert callable(globals()[function])

    assert _cabinet_route_names() - BENCH_ONLY == tested


def _cabinet_route_names():
    _prefix, resolver = get_resolver().namespace_dict["cabinet"]
    return {p.name for p in resolver.url_patterns}
