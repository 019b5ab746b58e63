"""The portal under test, and the checks every visited page goes through.

`PortalServer` builds the demo school in a database of its own and serves
it under gunicorn in a subprocess, as production does. `PageChecks`
collects each page a journey visits: axe-core runs in the page itself, and
the HTML is kept for one run of the Nu HTML checker at the end of the
session. `Portal` is what a journey holds: a browser page that records
every page it lands on.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = ("serious", "critical")
AXE_RUN = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      where: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
}"""


class PortalServer:
    """The demo school under gunicorn, on SQLite or, when the tests run on
    PostgreSQL, on a database of its own beside the test database."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.port = int(os.environ.get("BROWSER_PORT") or _free_port())
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database_url = self._database_url()
        self.passwords = {}

    def start(self):
        self._create_database()
        self._manage("migrate", "--no-input", "-v0")
        seeded = self._manage("seed_demo")
        for line in seeded.splitlines():
            _role, username, password = line.split()
            self.passwords[username] = password
        self.log = open(self.workdir / "gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ediary.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=2",
                "--threads=2",
            ],
            cwd=ROOT,
            env=self._environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_it_answers()

    def stop(self):
        if getattr(self, "process", None):
            self.process.terminate()
            self.process.wait(timeout=15)
            self.log.close()
        if self.database_url.startswith("postgres"):
            self._maintenance(f'DROP DATABASE IF EXISTS "{self._name()}" WITH (FORCE)')

    def _database_url(self):
        tested = os.environ.get("DATABASE_URL", "")
        if tested.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(tested)
            return urlunsplit(parts._replace(path=parts.path + "_browser"))
        return f"sqlite:///{self.workdir / 'portal.sqlite3'}"

    def _name(self):
        return urlsplit(self.database_url).path.lstrip("/")

    def _create_database(self):
        if self.database_url.startswith("postgres"):
            self._maintenance(f'DROP DATABASE IF EXISTS "{self._name()}" WITH (FORCE)')
            self._maintenance(f'CREATE DATABASE "{self._name()}"')

    def _maintenance(self, sql):
        server = urlsplit(self.database_url)._replace(path="/postgres")
        with psycopg.connect(urlunsplit(server), autocommit=True) as connection:
            connection.execute(sql)

    def _environment(self):
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "DEBUG", "CONN_MAX_AGE"}
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="ediary.settings.base",
            DATABASE_URL=self.database_url,
            SMS_FILE_PATH=str(self.workdir / "sms-outbox.jsonl"),
            MEDIA_ROOT=str(self.workdir / "media"),
        )
        return environment

    def _manage(self, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self._environment(),
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr}")
        return done.stdout

    def _wait_until_it_answers(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{self.base_url}/health/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        log = (self.workdir / "gunicorn.log").read_text()
        raise RuntimeError(f"The portal did not answer:\n{log}")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PageChecks:
    """What the journeys found on the pages they visited, reported together
    at the end of the session."""

    workdir: Path
    pages: dict = field(default_factory=dict)
    axe: dict = field(default_factory=dict)
    console: dict = field(default_factory=dict)

    def record(self, label, html, violations):
        self.pages.setdefault(label, html)
        if violations:
            self.axe[label] = violations

    def record_console(self, label, message):
        self.console.setdefault(label, []).append(message)

    def problems(self):
        """Every finding as a line: axe's serious and critical violations,
        the Nu HTML checker's errors, and errors in the browser console."""
        lines = []
        for label, violations in self.axe.items():
            lines += [
                f"{label}: axe {v['impact']} {v['rule']}: {v['help']} at {v['where']}"
                for v in violations
            ]
        lines += self._markup_errors()
        for label, messages in self.console.items():
            lines += [f"{label}: console: {message}" for message in messages]
        return lines

    def _markup_errors(self):
        if not self.pages:
            return []
        folder = self.workdir / "pages"
        folder.mkdir(exist_ok=True)
        labels = {}
        for number, (label, html) in enumerate(self.pages.items()):
            path = folder / f"page-{number:03d}.html"
            path.write_text(html)
            labels[path.name] = label
        checked = subprocess.run(
            ["java", "-jar", str(VNU), "--format", "json", "--stdout"]
            + ["--exit-zero-always", str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        return [
            f"{labels.get(Path(m.get('url', '')).name, m.get('url'))}: html: "
            f"line {m.get('lastLine')}: {m['message']}"
            for m in json.loads(checked.stdout)["messages"]
            if m["type"] in {"error", "non-document-error"}
        ]


class Portal:
    """A browser page on the portal that checks every page it lands on."""

    def __init__(self, page, server, checks, screenshots=None):
        self.page = page
        self.server = server
        self.checks = checks
        self.screenshots = screenshots
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._console_text(str(error)))

    def open(self, path):
        """Go to a path of the portal."""
        response = self.page.goto(self.server.base_url + path)
        self._check(response)
        return self

    def follow(self, locator):
        """Click a link or button that leads to another page."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        self._check(navigation.value)
        return self

    def log_in(self, username):
        self.open("/login/")
        self.page.get_by_label(re.compile("^(User name|Имя пользователя)$")).fill(
            username
        )
        self.page.get_by_label(re.compile("^(Password|Пароль)$")).fill(
            self.server.passwords[username]
        )
        return self.follow(
            self.page.locator("main").get_by_role(
                "button", name=re.compile("Войти|Log in")
            )
        )

    def path(self):
        return urlsplit(self.page.url).path

    def _check(self, response):
        if response is None:
            response = self._boosted_page()
        assert response.ok, (self.path(), response.status)
        label = f"{self.path()} ({self.page.locator('html').get_attribute('lang')})"
        violations = self.page.evaluate(AXE_RUN, list(BLOCKING_IMPACTS))
        self.checks.record(label, response.text(), violations)
        if self.screenshots:
            width = self.page.viewport_size["width"]
            name = re.sub(r"[^a-z0-9]+", "-", f"{label} {width}".lower()).strip("-")
            self.page.screenshot(
                path=str(Path(self.screenshots) / f"{name}.png"), full_page=True
            )

    def _boosted_page(self):
        """A link boosted by htmx swaps the page's body in and changes the
        address without a navigation of its own: once htmx is done, the
        page at the new address is asked for again (with the same cookies)
        so that its whole HTML goes through the Nu HTML checker."""
        self.page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-settling')"
        )
        return self.page.request.get(self.page.url)

    def _console(self, message):
        if message.type == "error":
            self._console_text(f"{message.text} {message.location.get('url', '')}")

    def _console_text(self, text):
        self.checks.record_console(self.path(), text)
