"""The comments on the public site: the thread, the form, the token and the endpoint."""

import time
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.urls import reverse

from articles.models import Comment, CommentPolicy, CommentStatus
from articles.public.comments import TOKEN_SALT, comment_thread, make_token

CASABLANCA = ZoneInfo("Africa/Casablanca")


def token_for(client, article, age=30):
    """A token from the endpoint, issued `age` seconds ago (the reader has been typing)."""
    clock = mock.Mock(time=mock.Mock(return_value=time.time() - age))
    with mock.patch("articles.public.comments.time", clock):
        response = client.get(reverse("articles:comment-token", args=[article.pk]))
    assert response.status_code == 200
    return response.json()["token"]


def post(client, article, *, as_json=True, **fields):
    data = {"name": "سعاد", "email": "", "body": "تعليق على الخبر.", "website": "", **fields}
    headers = {"Accept": "application/json"} if as_json else {}
    return client.post(reverse("articles:comment-post", args=[article.pk]), data, headers=headers)


# Comments off (the default).


def test_with_comments_off_the_page_says_closed_and_has_no_form(client, make_article):
    article = make_article(comment_policy=CommentPolicy.OPEN)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "التعليقات مغلقة." in html
    assert "comment-form" not in html
    assert "comments.js" not in html


def test_with_comments_off_the_endpoints_answer_404_and_store_nothing(client, make_article):
    article = make_article(comment_policy=CommentPolicy.OPEN)
    assert client.get(reverse("articles:comment-token", args=[article.pk])).status_code == 404
    token = make_token(article.pk, issued_at=time.time() - 60)
    assert post(client, article, token=token).status_code == 404
    assert post(client, article, token=token, as_json=False).status_code == 404
    assert Comment.objects.count() == 0


def test_approved_comments_stay_visible_with_comments_off(client, make_article, make_comment):
    article = make_article()
    make_comment(article, body="رأي قديم منشور")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "رأي قديم منشور" in html
    assert "التعليقات مغلقة." in html


# The thread.


def test_the_thread_shows_approved_comments_oldest_first_with_one_level_of_replies(
    client, make_article, make_comment
):
    article = make_article()
    now = datetime(2026, 8, 3, 21, 15, tzinfo=CASABLANCA)
    second = make_comment(article, body="التعليق الثاني", created_at=now)
    first = make_comment(article, body="التعليق الأول", created_at=now - timedelta(hours=1))
    make_comment(article, parent=first, body="رد على الأول", created_at=now + timedelta(hours=1))
    make_comment(article, body="ينتظر المراجعة", status=CommentStatus.PENDING)
    make_comment(article, body="مرفوض", status=CommentStatus.REJECTED)
    make_comment(article, body="مزعج", status=CommentStatus.SPAM)
    make_comment(make_article(), body="على مقال آخر")
    top, count = comment_thread(article)
    assert [c.pk for c in top] == [first.pk, second.pk]
    assert [r.body for r in top[0].thread_replies] == ["رد على الأول"]
    assert count == 3
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("التعليق الأول") < html.index("رد على الأول") < html.index("التعليق الثاني")
    for hidden in ("ينتظر المراجعة", "مرفوض", "مزعج", "على مقال آخر"):
        assert hidden not in html
    assert "3 تعليقات" in html
    assert "3 غشت 2026" in html  # Moroccan month names (the ar_MA formats)


def test_the_email_is_never_on_the_page(client, make_article, make_comment):
    article = make_article()
    make_comment(article, email="secret.reader@example.ma")
    assert "secret.reader" not in client.get(article.get_absolute_url()).content.decode()


def test_a_comment_is_plain_text(client, make_article, make_comment):
    article = make_article()
    make_comment(article, body='<script>alert(1)</script>\n<b onclick="x()">عريض</b>')
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;b onclick=" in html


def test_the_newspapers_reply_is_marked(client, make_article, make_comment):
    article = make_article()
    top = make_comment(article)
    make_comment(article, parent=top, by_newspaper=True, name="الجريدة", body="شكرا")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "comment--newspaper" in html and "رد الجريدة" in html


def test_an_editor_hides_an_articles_comments(client, make_article, make_comment, comments_on):
    article = make_article(comment_policy=CommentPolicy.HIDDEN)
    make_comment(article, body="تعليق سيُخفى")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "تعليق سيُخفى" not in html
    assert "التعليقات مغلقة." in html
    assert "comment-form" not in html


# The form, the token and the endpoint.


def test_with_comments_on_the_page_has_the_form_but_no_token(client, make_article, comments_on):
    article = make_article()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert 'class="comment-form"' in html
    assert 'name="token" value=""' in html
    assert "articles/js/comments.js" in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_the_form_closes_after_the_sites_number_of_days(client, make_article, comments_on):
    from django.utils import timezone

    article = make_article(publish_at=timezone.now() - timedelta(days=15))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "التعليقات مغلقة." in html and "comment-form" not in html
    assert client.get(reverse("articles:comment-token", args=[article.pk])).status_code == 403


def test_the_token_is_private_signed_and_bound_to_the_article(client, make_article, comments_on):
    article = make_article()
    response = client.get(reverse("articles:comment-token", args=[article.pk]))
    assert response.status_code == 200
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    value = signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(response.json()["token"])
    assert value["a"] == article.pk
    assert abs(value["i"] - time.time()) < 5  # the server's time of issue
    assert len(value["n"]) >= 16  # the nonce that makes it single-use


@pytest.mark.parametrize("policy", [CommentPolicy.CLOSED, CommentPolicy.HIDDEN])
def test_no_token_for_a_closed_article(client, make_article, comments_on, policy):
    article = make_article(comment_policy=policy)
    response = client.get(reverse("articles:comment-token", args=[article.pk]))
    assert response.status_code == 403
    assert response.json()["error"] == "التعليقات مغلقة."


def test_a_comment_sent_by_the_script_awaits_moderation(client, make_article, comments_on):
    article = make_article()
    response = post(client, article, token=token_for(client, article), email="s@example.ma")
    assert response.status_code == 202
    assert response.json() == {"message": "شكرا لك. وصل تعليقك، ويظهر تحت المقال بعد اعتماده."}
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    comment = Comment.objects.get()
    assert (comment.status, comment.name, comment.email) == (
        CommentStatus.PENDING,
        "سعاد",
        "s@example.ma",
    )
    assert comment.address_hash  # the test client's 127.0.0.1, hashed


def test_a_readers_reply_goes_under_the_comment(client, make_article, comments_on, make_comment):
    article = make_article()
    top = make_comment(article)
    response = post(client, article, token=token_for(client, article), parent=str(top.pk))
    assert response.status_code == 202
    assert Comment.objects.get(status=CommentStatus.PENDING).parent == top


@pytest.mark.parametrize(
    "token",
    [
        "",
        "forged",
        "other-article",
        "expired",
    ],
)
def test_a_missing_forged_or_expired_token_stores_nothing(
    client, make_article, comments_on, settings, token
):
    article = make_article()
    if token == "other-article":
        token = make_token(make_article().pk, issued_at=time.time() - 60)
    elif token == "expired":
        settings.NEWSROOM_COMMENT_TOKEN_MAX_AGE = -1
        token = make_token(article.pk, issued_at=time.time() - 60)
    response = post(client, article, token=token)
    assert response.status_code == 400
    assert response.json()["code"] == "token"
    assert Comment.objects.count() == 0


def test_without_javascript_the_reader_confirms_on_a_small_page(client, make_article, comments_on):
    article = make_article()
    response = post(client, article, as_json=False, body="تعليق بلا جافاسكريبت")
    assert response.status_code == 200
    html = response.content.decode()
    assert "أكّد تعليقك" in html and "تعليق بلا جافاسكريبت" in html
    assert Comment.objects.count() == 0
    token = response.context["token"]
    assert signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(token)["a"] == article.pk
    # The reader reads it over, then sends (the token's page-load time is their confirm page).
    confirmed = post(
        client,
        article,
        as_json=False,
        body="تعليق بلا جافاسكريبت",
        token=make_token(article.pk, issued_at=time.time() - 30),
    )
    assert confirmed.status_code == 200
    assert "وصل تعليقك" in confirmed.content.decode()
    assert not confirmed.cookies
    assert Comment.objects.get().body == "تعليق بلا جافاسكريبت"


def test_a_refusal_without_javascript_is_a_small_page_with_its_status(
    client, make_article, comments_on
):
    article = make_article()
    response = post(
        client, article, as_json=False, name="", token=make_token(article.pk, issued_at=1)
    )
    assert response.status_code == 400
    assert "اكتب اسمك." in response.content.decode()


def test_a_comment_on_a_closed_article_is_refused_with_403(client, make_article, comments_on):
    article = make_article(comment_policy=CommentPolicy.CLOSED)
    response = post(client, article, token=make_token(article.pk, issued_at=time.time() - 60))
    assert response.status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("length", [255, 300, 320])
def test_an_email_longer_than_the_column_is_refused_with_400(
    client, make_article, comments_on, length
):
    article = make_article()
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 5)
    email = email[: length - 3] + ".ma"
    assert len(email) == length
    response = post(client, article, token=token_for(client, article), email=email)
    assert response.status_code == 400
    assert response.json()["error"] == "عنوان البريد الإلكتروني هذا طويل جدًا."
    assert not Comment.objects.exists()


def test_an_email_of_254_characters_is_kept(client, make_article, comments_on):
    article = make_article()
    email = ("a" * 64 + "@" + ".".join(["b" * 60] * 4))[:251] + ".ma"
    assert len(email) == 254
    response = post(client, article, token=token_for(client, article), email=email)
    assert response.status_code == 202
    assert Comment.objects.get().email == email


# The token: the server's time, one comment each, this site only.


@pytest.mark.parametrize("loaded", ["86400", "nan", "inf", "-1", "x"])
def test_the_minimum_time_counts_from_the_servers_issue_not_the_page(
    client, make_article, comments_on, settings, loaded
):
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 5
    article = make_article()
    # A program claims the page has been open for a day (or sends nonsense): ignored.
    response = client.get(reverse("articles:comment-token", args=[article.pk]), {"loaded": loaded})
    assert response.status_code == 200
    refused = post(client, article, token=response.json()["token"])
    assert refused.status_code == 400 and "بسرعة" in refused.json()["error"]
    assert not Comment.objects.exists()


def test_without_javascript_the_minimum_time_counts_from_the_confirm_pages_token(
    client, make_article, comments_on, settings
):
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 5
    article = make_article()
    page = post(client, article, as_json=False)
    assert page.status_code == 200
    sent_at_once = post(client, article, as_json=False, token=page.context["token"])
    assert sent_at_once.status_code == 400
    assert "بسرعة" in sent_at_once.content.decode()
    assert not Comment.objects.exists()


def test_a_token_serves_one_comment(client, make_article, comments_on):
    article = make_article()
    token = token_for(client, article)
    assert post(client, article, token=token).status_code == 202
    replayed = post(client, article, token=token, body="تعليق آخر بالرمز نفسه.")
    assert replayed.status_code == 400 and replayed.json()["code"] == "token"
    assert Comment.objects.count() == 1


def test_a_refused_comment_gives_its_token_back(client, make_article, comments_on):
    article = make_article()
    token = token_for(client, article)
    assert post(client, article, token=token, name="").status_code == 400
    assert post(client, article, token=token).status_code == 202


def test_a_post_from_another_site_is_refused_with_403(client, make_article, comments_on):
    article = make_article()
    url = reverse("articles:comment-post", args=[article.pk])
    data = {"name": "سعاد", "body": "تعليق من موقع آخر.", "token": token_for(client, article)}
    for origin in ("https://evil.example", "null"):
        response = client.post(url, data, headers={"Accept": "application/json", "Origin": origin})
        assert response.status_code == 403
        assert response.json()["error"] == "أُرسل هذا التعليق من موقع آخر فلم يُقبل."
    assert not Comment.objects.exists()
    same_site = client.post(
        url, data, headers={"Accept": "application/json", "Origin": "http://testserver"}
    )
    assert same_site.status_code == 202


def test_the_answer_does_not_tell_whether_an_email_is_trusted(
    client, make_article, make_comment, change_site_settings
):
    """The trusted-commenter rule keys on an address nobody verifies: the answer must be the
    same whether the comment was published at once or waits, or anyone could probe it."""
    change_site_settings(comments_enabled=True, comments_trusted_threshold=1)
    article = make_article()
    make_comment(article, email="trusted@example.ma")
    answers = {}
    for email in ("trusted@example.ma", "stranger@example.ma"):
        for as_json in (True, False):
            response = post(
                client,
                article,
                as_json=as_json,
                email=email,
                body=f"تعليق من {email} {as_json}",
                token=token_for(client, article),
            )
            body = response.json() if as_json else response.context["message"]
            answers[email, as_json] = (response.status_code, body)
    statuses = dict(
        Comment.objects.filter(body__startswith="تعليق من").values_list("email", "status")
    )
    assert statuses == {
        "trusted@example.ma": CommentStatus.APPROVED,
        "stranger@example.ma": CommentStatus.PENDING,
    }
    assert answers["trusted@example.ma", True] == answers["stranger@example.ma", True]
    assert answers["trusted@example.ma", False] == answers["stranger@example.ma", False]
    assert answers["stranger@example.ma", True] == (
        202,
        {"message": "شكرا لك. وصل تعليقك، ويظهر تحت المقال بعد اعتماده."},
    )
