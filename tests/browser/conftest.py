"""Fixtures of the browser suite: one portal and one Chromium for the whole
package, a fresh browser context (cookies, language) for each test.

Package scope on purpose: Playwright's event loop would make Django refuse
database access in the same thread, so the browser is closed before the
rest of the suite runs.
"""

import os

import pytest
from playwright.sync_api import sync_playwright

from .portal import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    VNU,
    PageChecks,
    Portal,
    PortalServer,
)

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.fixture(scope="package")
def portal_server(tmp_path_factory):
    server = PortalServer(tmp_path_factory.mktemp("portal"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def page_checks(tmp_path_factory):
    """Axe findings and HTML of every visited page; the HTML goes through
    the Nu HTML checker in one run when the package is done."""
    if not (AXE.exists() and VNU.exists()):
        pytest.fail("axe-core and vnu-jar are missing: run `make checkers` (npm ci).")
    checks = PageChecks(tmp_path_factory.mktemp("page-checks"))
    yield checks
    problems = checks.problems()
    if problems:
        pytest.fail(
            f"{len(problems)} problems on the visited pages:\n" + "\n".join(problems),
            pytrace=False,
        )


@pytest.fixture(scope="package")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=["desktop"])
def portal(request, page_checks, chromium, portal_server):
    """A person at a browser, speaking Russian, on a desktop unless the
    test asks for a phone (`@pytest.mark.parametrize("portal", ["phone"],
    indirect=True)`)."""
    context = chromium.new_context(locale="ru-RU", **VIEWPORTS[request.param])
    context.add_init_script(path=str(AXE))
    context.set_default_timeout(10_000)
    screenshots = os.environ.get("BROWSER_SCREENSHOTS")
    try:
        yield Portal(context.new_page(), portal_server, page_checks, screenshots)
    finally:
        context.close()
