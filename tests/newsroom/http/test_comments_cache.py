"""Comments on: the article page stays one cacheable page, and approving a comment purges it."""

from django.urls import reverse

from articles.models import CommentStatus
from articles.services import comment_approve


def test_the_article_page_with_comments_on_is_cached_without_cookie_or_vary(
    page_cache_on, comments_on, make_article, make_comment, client
):
    article = make_article()
    make_comment(article)
    response = client.get(article.get_absolute_url())
    assert "comment-form" in response.content.decode()
    assert response["Cache-Control"].startswith("public, ")
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert client.get(article.get_absolute_url())["X-Cache"] == "HIT"
    # Asking for a token does not change that: no cookie, never cached.
    token = client.get(reverse("articles:comment-token", args=[article.pk]))
    assert not token.cookies
    assert "public" not in token["Cache-Control"]
    assert client.get(article.get_absolute_url())["X-Cache"] == "HIT"


def test_approving_a_comment_purges_the_article_page(
    page_cache_on,
    comments_on,
    make_article,
    make_comment,
    staff,
    client,
    django_capture_on_commit_callbacks,
):
    article = make_article()
    comment = make_comment(article, body="ينتظر الموافقة", status=CommentStatus.PENDING)
    assert "ينتظر الموافقة" not in client.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, actor=staff["editor"])
    response = client.get(article.get_absolute_url())
    assert response["X-Cache"] == "MISS"
    assert "ينتظر الموافقة" in response.content.decode()
