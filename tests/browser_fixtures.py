"""Browser tests: Debian's chromium driven by Playwright, against pytest-django's live server.

Loaded for the whole suite from tests/conftest.py so every browser test module, wherever it
lives, shares ONE Playwright instance and ONE chromium: Playwright's sync API keeps an event
loop running on this thread, and a second `sync_playwright()` started while the first is alive
fails with "using Playwright Sync API inside the asyncio loop".
"""

import mimetypes
import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from authors.staff.roles import second_factor_required
from newsroom.text import BIDI_CONTROLS
from tests.conftest import STAFF_PASSWORD


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time (still one thread per connection).

    On SQLite the test database lives in memory and every request thread of the live server
    shares the test's one connection. Chromium asks for a page, its script catalogue and the
    editing-presence beat at the same moment; run together, their transactions interleaved on
    that connection ("no such savepoint", "cannot start a transaction within a transaction")
    and the pages answered 500 now and then. Each response is read whole inside the lock, so
    nothing touches the connection after it is released.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(one_at_a_time)


if connections[DEFAULT_DB_ALIAS].vendor == "sqlite":
    # PostgreSQL gives each request thread its own connection: its live server stays concurrent.
    LiveServerThread.server_class = OneRequestAtATimeServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Collects every CSP violation the page reports; Playwright injects it before any page script.
ROOT = Path(__file__).resolve().parents[1]
# axe-core from npm (package.json), injected into pages; screenshots for people to look at.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def end_live_server_sessions():
    """Close what the live server's request threads left connected to the test database.

    With CONN_MAX_AGE those threads keep their PostgreSQL sessions open after the responses,
    and the test database could not be dropped at the end of the run. Only sessions on this
    run's own test database are ended.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        # A fresh session of our own: the one this thread holds may itself have been ended.
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install chromium (`make test` does it as root)"
        )
    # Playwright's synchronous API runs an event loop in this thread; the ORM calls the tests
    # make between page loads are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
    # Torn down before django_db_setup, which drops the test database.
    with django_db_blocker.unblock():
        end_live_server_sessions()


SHARING_TITLES = """() => Array.from(
  document.querySelectorAll('meta[property="og:title"], meta[name="twitter:title"]'),
  (meta) => meta.content
)"""


class WatchedPage:
    """A page that records dialogs, console CSP errors and securitypolicyviolation events."""

    def __init__(self, page):
        self.page = page
        self.dialogs = []
        self.console_errors = []
        self.leaving = False
        page.add_init_script(CSP_LISTENER)
        page.on("dialog", self._on_dialog)
        page.on("console", self._on_console)

    def _on_dialog(self, dialog):
        if self.leaving and dialog.type == "beforeunload":
            # The test is over: an admin form left with unsaved changes asks before the page
            # goes (static/articles/js/autosave.js); the teardown leaves anyway.
            dialog.accept()
            return
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def visit(self, url):
        response = self.page.goto(url, wait_until="load")
        return response

    def csp_violations(self):
        return self.page.evaluate("() => window.__cspViolations || []") + [
            text for text in self.console_errors if "Content Security Policy" in text
        ]

    def xss_marker(self):
        return self.page.evaluate("() => Boolean(window.__xss)")

    def titles_with_bidi_controls(self):
        """The page's title and sharing titles that still hold a bidi control character."""
        titles = [self.page.title()] + self.page.evaluate(SHARING_TITLES)
        return [title for title in titles if BIDI_CONTROLS.search(title)]

    def problems_on(self, base_url, public, staff):
        """[(url, problems)] for every page of `public` then `staff` that showed an error
        status, a dialog, the XSS marker, a CSP violation or a bidi control in a title (public
        and admin titles drop them). Empty when every page is clean."""
        failures = []
        for url in [*public, *staff]:
            response = self.visit(base_url + url)
            problems = {
                "status": response.status if response.status != 200 else None,
                "dialogs": self.dialogs[:],
                "marker": self.xss_marker(),
                "csp": self.csp_violations(),
                "bidi in titles": self.titles_with_bidi_controls(),
            }
            if any(problems.values()):
                failures.append((url, problems))
            self.dialogs.clear()
            self.console_errors.clear()
        return failures


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(locale="ar-MA")
    watched = None
    try:
        watched = WatchedPage(context.new_page())
        yield watched
    finally:
        if watched is not None:
            # Leaving an admin page sends a last presence beacon; let the live server answer
            # it before the database is flushed, or the flush meets an open transaction.
            watched.leaving = True
            watched.page.goto("about:blank")
            watched.page.wait_for_timeout(500)
        context.close()
        # ORM calls made while Playwright's loop was active may have opened a connection of
        # their own; close it so PostgreSQL can drop the test database at the end.
        connections.close_all()


def sign_in_through_the_forms(page, base_url, user, password=STAFF_PASSWORD):
    """Sign `user` in on `page` through the real admin forms: the password, then (for accounts
    that must, or chose to, use a second factor) the code a confirmed authenticator shows now."""
    # The authenticator exists before the password is sent, as the admin then asks for it.
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if not device and second_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    if device:
        page.wait_for_url(f"**{reverse('staff:verify')}**")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.fill("#id_token", f"{code:0{device.digits}d}")
        page.click("input[type=submit]")
    page.wait_for_url(base_url + reverse("admin:index"))


@pytest.fixture
def sign_in_in_browser(live_server):
    """`sign_in(watched, user)`: sign a staff account in through the admin forms, with an
    authenticator code typed on the verify page."""

    def sign_in(watched, user):
        # Every account gets an authenticator here, so reporters are asked for a code too.
        TOTPDevice.objects.get_or_create(user=user, name="هاتف", defaults={"confirmed": True})
        sign_in_through_the_forms(watched.page, live_server.url, user)

    return sign_in


def serve_media_from(media_root):
    """A Playwright route handler answering /media/ requests from `media_root`: the tests'
    MEDIA_ROOT is a temporary folder the live server does not serve."""

    def serve_media(route):
        relative = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = media_root / relative
        if path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
        else:
            route.fulfill(status=404, body=b"")

    return serve_media


def put_caret_at_body_end(page):
    """Put the body editor's caret at the end of its text, and wait until the editor has it.

    Through the editor itself: ProseMirror reads a caret moved by keys (Control+End) from the
    page's selection events, and under load the next key was handled before it had (an Enter
    split the first paragraph instead of the last; seen in CI).
    """
    body = ".prose-editor .ProseMirror[contenteditable=true]"
    page.locator(body).focus()
    page.evaluate(f"document.querySelector('{body}').editor.commands.focus('end')")
    page.wait_for_function(
        f"""() => {{
          const {{ selection, doc }} = document.querySelector('{body}').editor.state
          return selection.empty && selection.to === doc.content.size - 1
        }}"""
    )
