"""Browser tests: Debian's chromium driven by Playwright, against pytest-django's live server."""

import os
import shutil

import pytest
from django.db import connections
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import STAFF_PASSWORD

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
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)")
    # Playwright's synchronous API runs an event loop in this thread; the ORM calls the tests
    # make between page loads are ordinary synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class WatchedPage:
    """A page that records dialogs, console CSP errors and securitypolicyviolation events."""

    def __init__(self, page):
        self.page = page
        self.dialogs = []
        self.console_errors = []
        page.add_init_script(CSP_LISTENER)
        page.on("dialog", self._on_dialog)
        page.on("console", self._on_console)

    def _on_dialog(self, dialog):
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


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(locale="ar-MA")
    try:
        yield WatchedPage(context.new_page())
    finally:
        context.close()
        # ORM calls made while Playwright's loop was active may have opened a connection of
        # their own; close it so PostgreSQL can drop the test database at the end.
        connections.close_all()


@pytest.fixture
def sign_in_in_browser(live_server):
    """Sign a staff account in through the real admin forms: password, then authenticator code."""

    def sign_in(watched, user):
        device = TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)
        page = watched.page
        watched.visit(live_server.url + reverse("admin:login"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"**{reverse('staff:verify')}**")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.fill("#id_token", f"{code:06d}")
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + reverse("admin:index"))

    return sign_in
