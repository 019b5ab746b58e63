"""Measure the portal's pages: every case of every app's `benchmarks.py`.

Starts the portal under gunicorn with persistent database connections
(unless --server names a running one), prints one table and writes the
same figures as JSON, so that two runs can be compared (--compare).
"""

import os
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ediary import bench
from school.models import Role, RoleAssignment


class Command(BaseCommand):
    help = "Time the portal's pages and compare each with its reference."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument(
            "--server", help="Measure this running portal instead of starting one."
        )
        parser.add_argument("--port", type=int, default=8077)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "bench-results"),
            help="Folder for the JSON file of this run.",
        )
        parser.add_argument(
            "--clients",
            type=int,
            default=bench.Load.clients,
            help="Connections at once for the throughput cases.",
        )
        parser.add_argument(
            "--load-seconds",
            type=float,
            default=bench.Load.seconds,
            help="How long each throughput turn lasts at most.",
        )
        parser.add_argument("--compare", help="A JSON file of an earlier run.")
        parser.add_argument(
            "--case", action="append", default=[], help="Measure only this case."
        )

    def handle(self, *args, **options):
        try:
            cases = bench.discover()
            if options["case"]:
                cases = bench.select(cases, options["case"])
        except ValueError as error:
            raise CommandError(error) from error
        previous = (
            bench.read_json(Path(options["compare"])) if options["compare"] else None
        )

        if options["server"]:
            rows = self._measure(cases, options["server"], options)
        else:
            with _Gunicorn(options["port"], options["workers"]) as base_url:
                rows = self._measure(cases, base_url, options)

        self.stdout.write(bench.table(rows, previous))
        path = Path(options["output"]) / f"{_stamp()}.json"
        bench.write_json(path, rows=rows, about=self._about(options))
        self.stdout.write(f"written to {path}")

    def _measure(self, cases, base_url, options):
        runner = bench.Runner(base_url)
        try:
            measured = bench.run(
                cases,
                runner,
                requests=options["requests"],
                warmup=options["warmup"],
                load=bench.Load(
                    clients=options["clients"], seconds=options["load_seconds"]
                ),
            )
        except (RuntimeError, OSError) as error:
            raise CommandError(error) from error
        return bench.results(measured)

    def _about(self, options):
        return {
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "students": RoleAssignment.objects.filter(role=Role.STUDENT).count(),
            "requests": options["requests"],
            "warmup": options["warmup"],
            "clients": options["clients"],
            "server": options["server"] or f"gunicorn, {options['workers']} workers",
        }


def _stamp():
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


class _Gunicorn:
    """The portal under gunicorn, as production runs it, for the length of a
    `with` block."""

    def __init__(self, port, workers):
        self.base_url = f"http://127.0.0.1:{port}"
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "ediary.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ]

    def __enter__(self):
        environment = {**os.environ, "CONN_MAX_AGE": "600", "DEBUG": "false"}
        self.process = subprocess.Popen(
            self.command, cwd=settings.BASE_DIR, env=environment
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError("gunicorn stopped before it answered.")
            try:
                urllib.request.urlopen(f"{self.base_url}/health/", timeout=2)
                return self.base_url
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise CommandError("gunicorn did not answer within 30 seconds.")

    def __exit__(self, *exc_info):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
