"""Every page a demo person can reach by following links answers without a
server error or a broken link, and within its query budget."""

from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
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
# The Django admin has a page for every row: one page of each of its views
# is enough, and its sorted and filtered lists are the same view again.
ADMIN_PAGES_PER_VIEW = 1
SKIPPED_URL_NAMES = {"logout", "admin:logout"}
# Deleting a school lists everything that would go with it: Django's own
# confirmation, not a page the portal shapes.
SKIPPED_URL_SUFFIXES = ("_delete",)
SKIPPED_PREFIXES = ("/" + settings.STATIC_URL.strip("/"), "/media/")


@pytest.fixture
def demo_logins(db):
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return {line.split()[1]: line.split()[2] for line in out.getvalue().splitlines()}


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
    """Visit every page reachable from `start`; return what went wrong."""
    seen, queue, problems = {start}, deque([start]), []
    admin_views = Counter()
    while queue:
        url = queue.popleft()
        if url.startswith("/admin/"):
            admin_views[url_name(url)] += 1
            if admin_views[url_name(url)] > ADMIN_PAGES_PER_VIEW:
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
    return seen, problems


def page_problems(url, response, queries):
    problems = []
    if response.status_code >= 400:
        problems.append(f"{url} answered {response.status_code}")
    budget = QUERY_BUDGETS.get(url_name(url), QUERY_BUDGET)
    if queries > budget:
        problems.append(f"{url} ({url_name(url)}) ran {queries} queries > {budget}")
    return problems


@pytest.mark.parametrize(
    ("username", "must_reach"),
    [
        ("admin", ["/school-admin/", "/admin/school/schoolclass/"]),
        ("clerk", ["/clerk/"]),
        ("teacher", ["/teacher/"]),
        ("guardian", ["/guardian/"]),
        ("guardian2", ["/guardian/"]),
        ("student", ["/student/"]),
    ],
)
def test_it_reaches_every_page_of_a_role_without_errors(
    client, demo_logins, username, must_reach
):
    client.post("/login/", {"username": username, "password": demo_logins[username]})
    assert "_auth_user_id" in client.session

    seen, problems = crawl(client, "/")

    assert problems == []
    assert set(must_reach) <= seen


def test_it_reaches_every_public_page_without_errors(client, demo_logins):
    seen, problems = crawl(client, "/login/")

    assert problems == []
    assert "/password_reset/" in seen
