"""The editorial workflow in a real browser (Debian's chromium through Playwright).

A reporter writes an article in the rich-text editor and submits it; an editor sends it back
with a note; the reporter revises and resubmits; the editor schedules it a few seconds ahead;
an anonymous reader gets 404 before that time and the article after it. Screenshots of the
admin pages at 1280 and 390 px go to test-artifacts/ (gitignored).
"""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article, Revision, Status, StatusChange
from articles.services import roles
from authors.models import Author
from tests.articles.conftest import role_group
from tests.browser_fixtures import sign_in_through_the_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
WIDTHS = (1280, 390)
PASSWORD = "كلمة-سر-للاختبار-2026"


@pytest.fixture
def new_page(browser):
    """Pages of the shared chromium (tests/browser_fixtures.py), each in its own context
    (its own cookies), closed when the test ends."""
    contexts = []

    def new_page():
        contexts.append(
            browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar-MA")
        )
        return contexts[-1].new_page()

    yield new_page
    for context in contexts:
        context.close()


def role_user(username, role_name):
    """A staff user who signs in with a password, in a role."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(role_group(role_name))
    return user


def signed_in(page, live_server, user):
    """Sign in through the admin forms; editors also type the code their authenticator shows."""
    sign_in_through_the_forms(page, live_server.url, user, password=PASSWORD)
    return page


def shoot(page, name):
    """Full-page screenshots at each width."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def pick_autocomplete(page, container, text):
    """Choose `text` in one of the admin's autocomplete (select2) fields."""
    page.locator(f"{container} .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_reporter_editor_and_reader_through_the_workflow(new_page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    reporter = role_user("reporter", roles.REPORTER)
    editor_user = role_user("editor", roles.EDITOR)
    # Editors must use a second factor: this one has set up an authenticator app.
    TOTPDevice.objects.create(user=editor_user, name="هاتف المحررة", confirmed=True)
    from articles.models import Section

    Section.objects.create(name="سياسة", slug="siyasa")
    Author.objects.create(name="سعاد العلوي", user=reporter)

    # The reporter writes the article in the editor and submits it.
    page = signed_in(new_page(), live_server, reporter)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "الأمطار تعود إلى الدار البيضاء")
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.wait_for()
    assert editor.get_attribute("dir") == "rtl"
    editor.click()
    page.keyboard.type("هطلت أمطار غزيرة صباح اليوم على المدينة.")
    page.keyboard.press("Enter")
    page.keyboard.type("وتوقعت الأرصاد استمرارها.")
    pick_autocomplete(page, ".field-section", "سياسة")
    pick_autocomplete(page, "#bylines-0 .field-author", "سعاد العلوي")
    shoot(page, "01-add-form-reporter")
    page.click("input[name=_continue]")
    page.wait_for_selector(".workflow-panel")
    article = Article.objects.get()
    assert article.body == (
        "<p>هطلت أمطار غزيرة صباح اليوم على المدينة.</p><p>وتوقعت الأرصاد استمرارها.</p>"
    )
    shoot(page, "02-change-form-reporter")
    page.click(".workflow-action--submit button")
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get().status == Status.IN_REVIEW

    # The editor sends it back with a note.
    editor_page = signed_in(new_page(), live_server, editor_user)
    editor_page.goto(f"{live_server.url}/admin/articles/article/")
    shoot(editor_page, "03-changelist-editor")
    editor_page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor_page.locator(".prose-editor .ProseMirror[contenteditable=true]").wait_for()
    shoot(editor_page, "04-change-form-editor-workflow-panel")
    editor_page.fill("#id_return_to_draft_note", "أضيفي مصدر التوقعات.")
    editor_page.click(".workflow-action--return_to_draft button")
    editor_page.wait_for_selector(".messagelist .success")
    assert StatusChange.objects.filter(note="أضيفي مصدر التوقعات.").exists()

    # The reporter revises in the editor and resubmits.
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.wait_for()
    page.locator(".prose-editor .ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" حسب المديرية العامة للأرصاد الجوية.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert "المديرية العامة للأرصاد الجوية" in Article.objects.get().body
    page.click(".workflow-action--submit button")
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get().status == Status.IN_REVIEW

    # The editor looks at the history, then schedules it a few seconds ahead.
    editor_page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/revisions/")
    assert Revision.objects.filter(article=article).count() == 2
    shoot(editor_page, "05-revisions-editor")
    editor_page.click(".submit-row button")
    editor_page.wait_for_selector(".revision-diff ins")
    shoot(editor_page, "06-compare-editor")
    editor_page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    publish_at = timezone.localtime(timezone.now() + timedelta(seconds=6)).replace(microsecond=0)
    field = editor_page.locator("#id_schedule_publish_at")
    field.evaluate("input => { input.step = 1 }")  # the editor types seconds too
    field.fill(publish_at.strftime("%Y-%m-%dT%H:%M:%S"))
    editor_page.click(".workflow-action--schedule button")
    editor_page.wait_for_selector(".messagelist .success")
    assert Article.objects.get().status == Status.SCHEDULED

    # The reader: nothing before the time, the article after it.
    reader = new_page()
    before = reader.goto(f"{live_server.url}/article/{article.pk}/")
    assert timezone.now() < publish_at, "the steps above took too long to test 'before'"
    assert before.status == 404
    time.sleep(max(0.0, (publish_at - timezone.now()).total_seconds()) + 1)
    after = reader.goto(f"{live_server.url}/article/{article.pk}/")
    assert after.status == 200
    assert reader.locator("h1.article__headline").inner_text() == "الأمطار تعود إلى الدار البيضاء"
