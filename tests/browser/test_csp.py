"""The strict Content-Security-Policy breaks nothing: the admin and public pages load clean."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def test_signing_in_and_the_article_change_form_report_no_csp_violation(
    live_server, watched_page, sign_in_in_browser, make_staff_user, make_article
):
    article = make_article()
    editor = make_staff_user(is_superuser=True)

    sign_in_in_browser(watched_page, editor)
    watched_page.visit(
        live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    )

    page = watched_page.page
    assert page.input_value("#id_headline") == article.headline
    # The admin's own scripts ran: the byline inline's "add another" link is built by inlines.js.
    assert page.locator(".add-row a").count() >= 1
    # The body editor (django-prose-editor's Tiptap) started, styles and all.
    page.locator(".prose-editor .ProseMirror[contenteditable=true]").wait_for()
    assert watched_page.csp_violations() == []
    assert watched_page.dialogs == []


def test_the_account_security_page_loads_its_passkey_script_without_csp_violation(
    live_server, watched_page, sign_in_in_browser, make_staff_user
):
    sign_in_in_browser(watched_page, make_staff_user(role="editor"))

    watched_page.visit(live_server.url + reverse("staff:account"))

    page = watched_page.page
    # The passkey script (an ES module) replaced its placeholder with the button: it ran.
    page.wait_for_selector("#passkey-register-button")
    assert watched_page.csp_violations() == []


def test_public_pages_report_no_csp_violation(live_server, watched_page, make_article):
    article = make_article()

    for url in ("/", article.get_absolute_url(), article.section.get_absolute_url()):
        watched_page.visit(live_server.url + url)
        assert watched_page.csp_violations() == [], url
