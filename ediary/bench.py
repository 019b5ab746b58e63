"""Benchmarks of the portal's pages, registered by each app.

An app lists what it wants measured in a `benchmarks.py` module of its own,
as `CASES = [Case(...), ...]`. `manage.py bench` gathers them, times each
case over HTTP against a running portal, counts the queries of one request
in-process, and compares each case with its reference measured in the same
run, so that a slower machine slows both sides of the ratio alike.
"""

import http.client
import json
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string

FLOOR = "bare page"
# The rows the table opens with, whichever app registers them.
FIRST = ["login page", "journal grid", "column save", FLOOR]


@dataclass(frozen=True)
class Case:
    """One request to measure.

    `url` and `data` may be callables, called once with the database at hand
    (to find, say, the teacher's first class). `user` is the user name to
    log in as, or None for an anonymous visitor. `reference` names the case
    this one is compared with.
    """

    name: str
    url: str | Callable[[], str]
    user: str | None = None
    method: str = "GET"
    data: dict | Callable[[], dict] | None = None
    reference: str | None = FLOOR
    status: int = 200
    throughput: bool = False


@dataclass
class Measured:
    case: Case
    url: str
    queries: int
    samples_ms: list = field(default_factory=list)
    per_second: float | None = None

    @property
    def median_ms(self):
        return statistics.median(self.samples_ms)

    @property
    def spread_ms(self):
        """The interquartile range: half the requests fall within it."""
        if len(self.samples_ms) < 2:
            return 0.0
        low, _, high = statistics.quantiles(self.samples_ms, n=4)
        return high - low


def discover():
    """The cases of every installed app, in the order of INSTALLED_APPS."""
    cases = []
    for config in apps.get_app_configs():
        module = f"{config.name}.benchmarks"
        if find_spec(module):
            cases.extend(import_module(module).CASES)
    cases.sort(key=_first_rows)
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise ValueError("Two benchmark cases have the same name.")
    for case in cases:
        if case.reference is not None and case.reference not in names:
            raise ValueError(f"{case.name!r} refers to an unknown {case.reference!r}.")
    return cases


def _first_rows(case):
    return FIRST.index(case.name) if case.name in FIRST else len(FIRST)


def select(cases, names):
    """The named cases, and the cases they are compared with."""
    by_name = {c.name: c for c in cases}
    unknown = set(names) - set(by_name)
    if unknown:
        raise ValueError(f"No benchmark case is called {sorted(unknown)}.")
    chosen = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name and name not in chosen:
            chosen.add(name)
            pending.append(by_name[name].reference)
    return [c for c in cases if c.name in chosen]


class Runner:
    """Measures cases against the portal at `base_url`."""

    def __init__(self, base_url):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.csrf_token = get_random_string(32)
        self.clients = {}

    def prepare(self, case):
        """Log in, resolve the URL, and count the queries of one request."""
        client = self._client(case.user)
        url = case.url() if callable(case.url) else case.url
        body = self._body(case)
        with CaptureQueriesContext(connection) as queries:
            response = client.generic(
                case.method,
                url,
                body,
                content_type="application/x-www-form-urlencoded",
            )
        if response.status_code != case.status:
            raise RuntimeError(
                f"{case.name}: {case.method} {url} answered "
                f"{response.status_code}, not {case.status}."
            )
        return Measured(case=case, url=url, queries=len(queries))

    def time_once(self, measured):
        """One request over HTTP; the milliseconds until the last byte."""
        case = measured.case
        headers = self._headers(case)
        body = self._body(case) or None
        started = time.perf_counter()
        http_connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            http_connection.request(case.method, measured.url, body, headers)
            response = http_connection.getresponse()
            response.read()
        finally:
            http_connection.close()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != case.status:
            raise RuntimeError(
                f"{case.name}: the server answered {response.status}, "
                f"not {case.status}."
            )
        return elapsed

    def throughput(self, measured, *, clients, seconds, limit):
        """Requests per second of the case with `clients` keep-alive
        connections asking at once, until `seconds` pass or `limit`
        answers come back."""
        case = measured.case
        headers = self._headers(case)
        body = self._body(case) or None
        lock = threading.Lock()
        counts = {"started": 0, "answered": 0, "failed": 0}
        deadline = time.monotonic() + seconds

        def ask():
            http_connection = http.client.HTTPConnection(
                self.host, self.port, timeout=60
            )
            try:
                while time.monotonic() < deadline:
                    with lock:
                        if counts["started"] >= limit:
                            return
                        counts["started"] += 1
                    http_connection.request(case.method, measured.url, body, headers)
                    response = http_connection.getresponse()
                    response.read()
                    with lock:
                        key = "answered" if response.status == case.status else "failed"
                        counts[key] += 1
            finally:
                http_connection.close()

        started = time.perf_counter()
        threads = [threading.Thread(target=ask) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        if counts["failed"] or not counts["answered"]:
            raise RuntimeError(
                f"{case.name}: {counts['failed']} of "
                f"{counts['failed'] + counts['answered']} requests under load "
                f"did not answer {case.status}."
            )
        return counts["answered"] / elapsed

    def _headers(self, case):
        headers = {"Cookie": self._cookies(case.user)}
        if case.data:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf_token
        return headers

    def _client(self, username):
        if username not in self.clients:
            client = Client(HTTP_HOST=self.host)
            if username:
                client.force_login(get_user_model().objects.get(username=username))
            self.clients[username] = client
        return self.clients[username]

    def _cookies(self, username):
        cookies = {settings.CSRF_COOKIE_NAME: self.csrf_token}
        session = self._client(username).cookies.get(settings.SESSION_COOKIE_NAME)
        if session:
            cookies[settings.SESSION_COOKIE_NAME] = session.value
        return "; ".join(f"{name}={value}" for name, value in cookies.items())

    def _body(self, case):
        data = case.data() if callable(case.data) else case.data
        return urlencode(data or {}, doseq=True)


@dataclass(frozen=True)
class Load:
    """How hard the throughput cases are pushed: `clients` connections at
    once, for `seconds` or `limit` answers, whichever comes first, in
    `rounds` turns over the cases (the best turn counts)."""

    clients: int = 4
    seconds: float = 3.0
    limit: int = 2000
    rounds: int = 2


def run(cases, runner, *, requests, warmup, load=None):
    """Time every case `requests` times, in rounds over all cases, so that
    a passing disturbance of the machine touches every case alike; then
    the throughput of the cases that ask for it, in turns likewise."""
    load = load or Load()
    measured = [runner.prepare(case) for case in cases]
    for _ in range(warmup):
        for item in measured:
            runner.time_once(item)
    for _ in range(requests):
        for item in measured:
            item.samples_ms.append(runner.time_once(item))

    loaded = [item for item in measured if item.case.throughput]
    for _ in range(load.rounds):
        for item in loaded:
            per_second = runner.throughput(
                item, clients=load.clients, seconds=load.seconds, limit=load.limit
            )
            item.per_second = max(item.per_second or 0.0, per_second)
    return measured


def results(measured):
    """Plain rows for the table and the JSON file."""
    median_of = {m.case.name: m.median_ms for m in measured}
    per_second_of = {m.case.name: m.per_second for m in measured}
    rows = []
    for m in measured:
        reference = m.case.reference
        reference_per_second = per_second_of.get(reference)
        rows.append(
            {
                "name": m.case.name,
                "method": m.case.method,
                "url": m.url,
                "user": m.case.user,
                "requests": len(m.samples_ms),
                "median_ms": round(m.median_ms, 3),
                "spread_ms": round(m.spread_ms, 3),
                "min_ms": round(min(m.samples_ms), 3),
                "max_ms": round(max(m.samples_ms), 3),
                "queries": m.queries,
                "reference": reference,
                "ratio": (
                    round(m.median_ms / median_of[reference], 2) if reference else None
                ),
                "per_second": round(m.per_second, 1) if m.per_second else None,
                "throughput_share": (
                    round(m.per_second / reference_per_second, 2)
                    if m.per_second and reference_per_second
                    else None
                ),
            }
        )
    return rows


COLUMNS = [
    ("case", "name", "{}", "<"),
    ("median ms", "median_ms", "{:.2f}", ">"),
    ("spread ms", "spread_ms", "{:.2f}", ">"),
    ("queries", "queries", "{}", ">"),
    ("compared with", "reference", "{}", "<"),
    ("ratio", "ratio", "{:.2f}×", ">"),
    ("req/s", "per_second", "{:.1f}", ">"),
    ("req/s of ref", "throughput_share", "{:.0%}", ">"),
]
COMPARED_COLUMNS = [
    ("before ms", "before_ms", "{:.2f}", ">"),
    ("change", "change", "{:+.0%}", ">"),
]


def table(rows, previous=None):
    """The rows as a text table; with `previous` (rows of an earlier run),
    two more columns say how each median moved."""
    columns = COLUMNS
    if previous is not None:
        before = {row["name"]: row["median_ms"] for row in previous}
        rows = [dict(row, **_change(row, before.get(row["name"]))) for row in rows]
        columns = COLUMNS + COMPARED_COLUMNS
    cells = [[title for title, *_ in columns]]
    for row in rows:
        cells.append(
            [
                "—" if row[key] is None else pattern.format(row[key])
                for _, key, pattern, _ in columns
            ]
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = []
    for line in cells:
        padded = [
            f"{text:{align}{width}}"
            for text, width, (*_, align) in zip(line, widths, columns, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _change(row, before_ms):
    if before_ms is None:
        return {"before_ms": None, "change": None}
    return {"before_ms": before_ms, "change": row["median_ms"] / before_ms - 1}


def write_json(path, *, rows, about):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**about, "cases": rows}, indent=2, ensure_ascii=False))


def read_json(path):
    return json.loads(path.read_text())["cases"]
