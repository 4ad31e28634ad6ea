"""Tagging while writing in a real browser (Debian's chromium through Playwright).

A reporter types a variant of an existing tag and is offered that tag, then types a new name,
chooses «إنشاء …» and saves the article with the new tag; an editor adds a guest byline the
same way. No request leaves the site (the widget is the admin's own select2), and there is no
CSP violation. Screenshots of the form at 390 and 1280 px go to test-artifacts/ (gitignored).
"""

from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import Status, Tag, TagChange
from authors.models import Author

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def open_tags_and_type(page, text):
    page.locator(".field-tags .select2-selection").click()
    search = page.locator(".field-tags .select2-search__field")
    search.fill(text)
    return page.locator(".select2-results__option:not(.loading-results)")


def test_a_reporter_creates_a_tag_from_the_article_form(
    watched_page, live_server, sign_in_in_browser, make_staff_user, make_article, make_tag
):
    reporter = make_staff_user(role="reporter")
    article = make_article(status=Status.DRAFT, created_by=reporter)
    existing = make_tag("الأمن")
    sign_in_in_browser(watched_page, reporter)
    page = watched_page.page
    outside = []
    page.on(
        "request",
        lambda request: (
            not request.url.startswith(live_server.url)
            and not request.url.startswith("data:")
            and outside.append(request.url)
        ),
    )
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))

    options = open_tags_and_type(page, "الامن")
    options.first.wait_for()
    assert options.all_inner_texts() == ["الأمن"]

    page.locator(".field-tags .select2-search__field").fill("الهجرة السرية")
    create = options.filter(has_text="إنشاء «الهجرة السرية»")
    create.wait_for()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"tags-widget-{width}.png")
    create.click()
    page.locator(".field-tags .select2-selection__choice", has_text="الهجرة السرية").wait_for()
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state("load")

    tag = Tag.objects.get(name="الهجرة السرية")
    assert set(article.tags.all()) == {tag}
    assert TagChange.objects.get(tag=tag).actor == reporter
    assert Tag.objects.filter(pk=existing.pk).exists()
    assert outside == []
    assert watched_page.csp_violations() == []


def test_an_editor_adds_a_guest_byline_from_the_article_form(
    watched_page, live_server, sign_in_in_browser, make_staff_user, make_article
):
    editor = make_staff_user(role="editor")
    article = make_article(status=Status.DRAFT, created_by=editor)
    sign_in_in_browser(watched_page, editor)
    page = watched_page.page
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))

    empty_row = page.locator(".field-author .select2-selection").last
    empty_row.click()
    page.locator(".select2-search--dropdown .select2-search__field").fill(
        "وكالة المغرب العربي للأنباء"
    )
    create = page.locator(".select2-results__option", has_text="إنشاء «وكالة المغرب العربي")
    create.click()
    page.locator(
        ".field-author .select2-selection__rendered", has_text="وكالة المغرب العربي للأنباء"
    ).wait_for()
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state("load")

    guest = Author.objects.get(name="وكالة المغرب العربي للأنباء")
    assert guest.user is None
    assert article.bylines.filter(author=guest).exists()
    assert watched_page.csp_violations() == []
