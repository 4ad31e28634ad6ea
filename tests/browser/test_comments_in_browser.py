"""Readers' comments in chromium: a reader posts a comment and reads the moderation message;
every vector of the XSS corpus, approved as a comment (name and text), runs nowhere."""

import pytest
from django.core.cache import cache

from articles.models import Comment, CommentStatus
from tests.security.xss_vectors import XSS_VECTORS

pytestmark = pytest.mark.browser


@pytest.fixture
def open_article(change_site_settings, make_article, settings):
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 1
    cache.clear()
    change_site_settings(comments_enabled=True)
    return make_article(headline="الدار البيضاء: افتتاح خط جديد للترامواي")


def test_a_reader_posts_a_comment_and_is_told_it_awaits_moderation(
    live_server, watched_page, open_article
):
    page = watched_page.page
    response = watched_page.visit(live_server.url + open_article.get_absolute_url())
    assert response.status == 200
    assert "set-cookie" not in response.headers
    page.fill("#comment-name", "مريم")
    page.fill("#comment-body", "خبر جميل، متى يبدأ العمل بالخط؟")
    # Typing fetched the token; the page itself carried none.
    page.wait_for_function("() => document.querySelector('input[name=token]').value !== ''")
    page.wait_for_timeout(1100)  # the minimum time since the page loaded
    page.click(".comment-form__submit")
    status = page.locator(".comment-form__status")
    status.filter(has_text="وصل تعليقك").wait_for()
    comment = Comment.objects.get()
    assert (comment.name, comment.status) == ("مريم", CommentStatus.PENDING)
    assert page.context.cookies() == []
    assert watched_page.csp_violations() == []
    assert watched_page.dialogs == []


def test_a_refusal_is_shown_to_the_reader(live_server, watched_page, open_article, settings):
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 120  # however slow the machine, this is too soon
    page = watched_page.page
    watched_page.visit(live_server.url + open_article.get_absolute_url())
    page.fill("#comment-name", "مستعجل")
    page.fill("#comment-body", "تعليق سريع جدا")
    page.click(".comment-form__submit")
    page.locator(".comment-form__status--refused").wait_for()
    assert "بسرعة" in page.locator(".comment-form__status").inner_text()
    assert not Comment.objects.exists()


def test_no_xss_vector_runs_as_an_approved_comment(live_server, watched_page, open_article):
    top = None
    # As the endpoint stores them: it drops NUL characters, which PostgreSQL cannot hold.
    vectors = {name: vector.replace("\x00", "") for name, vector in XSS_VECTORS.items()}
    for name, vector in vectors.items():
        comment = Comment.objects.create(
            article=open_article,
            name=vector[:80],
            body=f"{name}: {vector}",
            status=CommentStatus.APPROVED,
            created_at=open_article.publish_at,
        )
        top = top or comment
    # Replies too, in both the reader's and the newspaper's shape.
    for vector in list(vectors.values())[:10]:
        Comment.objects.create(
            article=open_article,
            parent=top,
            name=vector[:80],
            body=vector,
            by_newspaper=True,
            status=CommentStatus.APPROVED,
            created_at=open_article.publish_at,
        )
    problems = watched_page.problems_on(live_server.url, [open_article.get_absolute_url()], [])
    assert problems == []
    page = watched_page.page
    # The text arrives as text: every vector is on the page, none became markup.
    bodies = page.locator(".comment__body").all_inner_texts()
    assert len(bodies) == len(XSS_VECTORS) + 10
    # The reply button puts the (hostile) name in the form as text.
    page.locator(".comment__reply").first.click()
    assert watched_page.xss_marker() is False
    assert watched_page.dialogs == []
    assert watched_page.csp_violations() == []
