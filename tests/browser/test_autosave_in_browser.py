"""Autosave in a real browser (Debian's chromium): text typed in the article form survives a
closed tab, offered back when the form is opened again, and leaving with unsaved changes asks
first. Under the strict CSP: no violation."""

import os

import pytest
from django.urls import reverse

from articles.models import Article, Autosave, Status
from tests.browser_fixtures import WatchedPage, put_caret_at_body_end

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "تطوان: عنوان كتبته قبل أن تُغلق الصفحة"
TYPED_BODY = "فقرة كتبتها في المتن ولم أحفظها."
EDITOR = ".prose-editor .ProseMirror[contenteditable=true]"
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")  # a folder: the offer is saved there


def test_typed_text_comes_back_after_the_tab_is_closed(
    watched_page, live_server, make_staff_user, make_article, sign_in_in_browser
):
    editor = make_staff_user(role="editor")
    article = make_article(status=Status.DRAFT, created_by=editor, headline="العنوان المحفوظ")
    sign_in_in_browser(watched_page, editor)
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    context = watched_page.page.context

    # A first tab: type, wait for the copy to reach the server, close the tab.
    first = WatchedPage(context.new_page())
    first.visit(url)
    first.page.fill("#id_headline", TYPED)
    put_caret_at_body_end(first.page)
    first.page.keyboard.press("Enter")
    first.page.keyboard.type(TYPED_BODY)
    with first.page.expect_response(lambda r: "/autosave/" in r.url, timeout=15000) as sent:
        pass
    assert sent.value.status == 200
    first.page.wait_for_timeout(300)
    # Leaving with unsaved changes asks first (the dialog is dismissed: the tab stays).
    first.page.close(run_before_unload=True)
    first.page.wait_for_timeout(500)
    assert any(dialog.startswith("beforeunload") for dialog in first.dialogs)
    assert not first.page.is_closed()
    assert first.csp_violations() == []
    first.page.close()

    copy = Autosave.objects.get(user=editor, article=article)
    assert copy.fields["headline"] == TYPED
    assert Article.objects.get(pk=article.pk).headline == "العنوان المحفوظ"

    # The form opened again offers the copy; restoring brings the text back.
    page = watched_page.page
    watched_page.visit(url)
    offer = page.locator(".autosave__offer")
    offer.wait_for()
    assert page.input_value("#id_headline") == "العنوان المحفوظ"
    assert "توجد نسخة أحدث غير محفوظة" in offer.inner_text()
    if SCREENSHOTS:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=os.path.join(SCREENSHOTS, f"autosave-offer-{width}.png"))
    page.click(".autosave__restore")
    assert page.input_value("#id_headline") == TYPED
    assert TYPED_BODY in page.locator(EDITOR).inner_text()
    assert page.locator(".autosave__offer").count() == 0

    # Saving the form stores the text and deletes the copy; no dialog on the way.
    page.click("input[name=_continue]")
    page.wait_for_load_state("load")
    saved = Article.objects.get(pk=article.pk)
    assert saved.headline == TYPED
    assert TYPED_BODY in saved.body
    assert not Autosave.objects.filter(user=editor).exists()
    assert watched_page.dialogs == []
    assert watched_page.csp_violations() == []
