"""Every page a demo person can reach by following links answers without a
server error or a broken link, and within its query budget.

The demo school is built once for the module, inside a transaction that is
rolled back when the module is done, so nothing leaks into other tests;
each test runs in a savepoint within it. The crawl visits a few pages of
each view (another id is the same code path), which keeps it bounded as the
demo grows lessons and grids.
"""

from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 20
# Pages allowed more than QUERY_BUDGET queries, by URL name, each with why.
QUERY_BUDGETS = {
    # The autocomplete widget of each inline row looks up its chosen
    # student: one query a row, a class of 25 or a group of 15.
    "admin:school_schoolclass_change": 45,
    "admin:school_studygroup_change": 35,
}
# Another id or another query string is the same view and the same code
# path: a few pages of each view are enough. The Django admin has a page
# for every row, and its sorted and filtered lists are the same view again.
PAGES_PER_VIEW = 3
ADMIN_PAGES_PER_VIEW = 1
SKIPPED_URL_NAMES = {"logout", "admin:logout"}
# Deleting a school lists everything that would go with it: Django's own
# confirmation, not a page the portal shapes.
SKIPPED_URL_SUFFIXES = ("_delete",)
SKIPPED_PREFIXES = ("/" + settings.STATIC_URL.strip("/"), "/media/")

# What each role must reach, by URL name: the features of its main journey.
MUST_REACH = {
    "admin": {
        "school:admin_home",
        "admin:school_schoolclass_changelist",
        "consent:register",
        "consent:class_register",
        "consent:family",
        "consent:record_new",
    },
    "clerk": {"school:clerk_home", "consent:paper_list"},
    "teacher": {"school:teacher_home", "journal:grid", "journal:lesson"},
    "guardian": {
        "cabinet:home",
        "cabinet:diary",
        "cabinet:marks",
        "cabinet:subject_marks",
        "cabinet:timetable",
        "cabinet:tests",
        "cabinet:teachers",
        "cabinet:year",
        "cabinet:homework",
        "cabinet:recommendations",
        "cabinet:finals",
        "cabinet:calendar_feed",
        "consent:my_consents",
    },
    "guardian2": {"cabinet:home", "cabinet:diary"},
    "student": {"cabinet:home", "cabinet:diary", "cabinet:marks"},
}


@pytest.fixture(scope="module")
def demo_logins(django_db_setup, django_db_blocker):
    """The demo school, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out, stderr=StringIO())
        yield {line.split()[1]: line.split()[2] for line in out.getvalue().splitlines()}
        transaction.set_rollback(True)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(url, html):
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        target = urlsplit(urljoin(url, href))
        if target.scheme not in {"http", "https", ""}:
            continue
        if target.netloc not in {"", "testserver"}:
            continue
        found.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


def url_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def crawl(client, start):
    """Visit the pages reachable from `start`, a few of each view; return
    the URL names reached and what went wrong."""
    seen, queue, problems = {start}, deque([start]), []
    visits = Counter()
    while queue:
        url = queue.popleft()
        name = url_name(url)
        visits[name] += 1
        if visits[name] > pages_allowed(name):
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        problems += page_problems(url, response, len(queries))

        if response.status_code in {301, 302}:
            found = [response["Location"]]
        elif "html" in response.get("Content-Type", ""):
            found = links_on(url, response.content.decode())
        else:
            found = []
        for link in found:
            if link in seen or link.startswith(SKIPPED_PREFIXES):
                continue
            if link.startswith("/admin/") and "?" in link:
                continue
            name = url_name(link) or ""
            if name in SKIPPED_URL_NAMES or name.endswith(SKIPPED_URL_SUFFIXES):
                continue
            seen.add(link)
            queue.append(link)
    reached = {name for name, count in visits.items() if count}
    return reached, problems


def pages_allowed(name):
    if name and name.startswith("admin:"):
        return ADMIN_PAGES_PER_VIEW
    return PAGES_PER_VIEW


def page_problems(url, response, queries):
    problems = []
    if response.status_code >= 400:
        problems.append(f"{url} answered {response.status_code}")
    budget = QUERY_BUDGETS.get(url_name(url), QUERY_BUDGET)
    if queries > budget:
        problems.append(f"{url} ({url_name(url)}) ran {queries} queries > {budget}")
    return problems


@pytest.mark.parametrize("username", sorted(MUST_REACH))
def test_it_reaches_every_page_of_a_role_without_errors(client, demo_logins, username):
    client.post("/login/", {"username": username, "password": demo_logins[username]})
    assert "_auth_user_id" in client.session

    reached, problems = crawl(client, "/")

    assert problems == []
    assert MUST_REACH[username] <= reached, MUST_REACH[username] - reached


def test_it_reaches_every_public_page_without_errors(client, demo_logins):
    reached, problems = crawl(client, "/login/")

    assert problems == []
    assert "password_reset" in reached
