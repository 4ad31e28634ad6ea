"""articles/services/comment_spam.py: each rule refuses with a clear message and its status,
and stores nothing."""

import pytest
from django.urls import reverse

from articles.exceptions import CommentRefused
from articles.models import Comment
from articles.public.comments import make_token
from articles.services import comment_submit
from articles.services.comment_spam import contains_banned_word


def submit(article, **fields):
    fields.setdefault("name", "قارئ")
    fields.setdefault("body", "تعليق عادي على الخبر.")
    fields.setdefault("form_seconds", 30)
    return comment_submit(article=article, **fields)


def refusal(article, **fields):
    with pytest.raises(CommentRefused) as refused:
        submit(article, **fields)
    return refused.value.http_status, str(refused.value)


def test_the_honeypot_refuses_a_program(make_article, comments_on):
    status, message = refusal(make_article(), honeypot="http://spam.example")
    assert (status, message) == (400, "تعذّر قبول تعليقك.")
    assert not Comment.objects.exists()


def test_a_comment_sent_too_soon_after_the_page_loaded_is_refused(
    make_article, comments_on, settings
):
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 5
    article = make_article()
    status, message = refusal(article, form_seconds=2)
    assert status == 400 and "بسرعة" in message
    assert submit(article, form_seconds=6).pk


def test_links_are_counted(make_article, comments_on, settings):
    settings.NEWSROOM_COMMENT_MAX_LINKS = 2
    article = make_article()
    body = "انظر https://a.example و www.b.example و http://c.example"
    status, message = refusal(article, body=body)
    assert status == 400 and message == "لا يجوز أن يتضمن التعليق أكثر من رابطين."
    assert submit(article, body="انظر https://a.example و www.b.example").pk


@pytest.mark.parametrize(
    ("text", "banned"),
    [
        ("هذا كلام فيه كلمة مَمنوعة هنا", True),  # diacritics
        ("هذا كلام فيه كلمه ممنوعه", True),  # taa marbuta folded
        ("عبارة إحتيال كبير", True),  # hamza forms folded
        ("كلمات ممنوعاتية ليست هي", False),  # whole words only
        ("SPAMMER here", True),
    ],
)
def test_banned_words_are_matched_after_normalisation(text, banned):
    words = "كلمة ممنوعة\nاحتيال\nspammer\n\n"
    assert contains_banned_word(text, words) is banned


def test_a_banned_word_refuses_the_comment(make_article, change_site_settings):
    change_site_settings(comments_enabled=True, comments_banned_words="احتيال")
    status, message = refusal(make_article(), body="هذا إحتيال واضح")
    assert (status, message) == (403, "يتضمن تعليقك كلمات لا تنشرها هذه الجريدة.")
    assert not Comment.objects.exists()


def test_the_same_text_twice_on_an_article_is_refused(make_article, comments_on):
    article = make_article()
    submit(article, body="نفس النص")
    status, _message = refusal(article, body="نفس النص")
    assert status == 400
    assert Comment.objects.count() == 1


def test_the_same_text_from_one_address_on_another_article_is_refused(make_article, comments_on):
    submit(make_article(), body="نفس النص", ip_address="198.51.100.7")
    status, _message = refusal(make_article(), body="نفس النص", ip_address="198.51.100.7")
    assert status == 400
    assert submit(make_article(), body="نفس النص", ip_address="198.51.100.8").pk


def test_one_address_is_limited(make_article, comments_on, settings):
    settings.NEWSROOM_COMMENT_RATE_PER_ADDRESS = 3
    article = make_article()
    for n in range(3):
        submit(article, body=f"تعليق {n}", ip_address="192.0.2.1")
    status, message = refusal(article, body="تعليق آخر", ip_address="192.0.2.1")
    assert status == 429 and "بضع دقائق" in message
    assert Comment.objects.count() == 3
    assert submit(article, body="تعليق من عنوان آخر", ip_address="192.0.2.2").pk


def test_one_article_is_limited(make_article, comments_on, settings):
    settings.NEWSROOM_COMMENT_RATE_PER_ARTICLE = 2
    article = make_article()
    submit(article, body="أول", ip_address="192.0.2.1")
    submit(article, body="ثان", ip_address="192.0.2.2")
    status, _message = refusal(article, body="ثالث", ip_address="192.0.2.3")
    assert status == 429
    assert submit(make_article(), body="ثالث", ip_address="192.0.2.3").pk


def test_the_limit_uses_the_real_client_address_behind_the_proxy(
    client, make_article, comments_on, settings
):
    """Keyed on the address django-axes reads (newsroom/proxies.py): with one proxy, nginx's
    X-Forwarded-For; what a client writes on its left is not read."""
    from newsroom.proxies import axes_ipware_settings

    for name, value in axes_ipware_settings(1).items():
        setattr(settings, name, value)
    settings.NEWSROOM_COMMENT_RATE_PER_ADDRESS = 1
    article = make_article()
    url = reverse("articles:comment-post", args=[article.pk])

    def send(body, forwarded):
        token = make_token(article.pk, issued_at=0)
        return client.post(
            url,
            {"name": "قارئ", "body": body, "token": token},
            headers={"Accept": "application/json", "X-Forwarded-For": forwarded},
            REMOTE_ADDR="10.0.0.1",
        )

    assert send("أول", "203.0.113.5").status_code == 202
    assert send("ثان", "1.2.3.4, 203.0.113.5").status_code == 429  # spoofed left entry ignored
    assert send("ثالث", "203.0.113.6").status_code == 202
    assert Comment.objects.count() == 2


def test_each_refusal_reaches_the_reader_with_its_status(client, make_article, comments_on):
    article = make_article()
    response = client.post(
        reverse("articles:comment-post", args=[article.pk]),
        {
            "name": "قارئ",
            "body": "نص",
            "website": "x",
            "token": make_token(article.pk, issued_at=0),
        },
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {"error": "تعذّر قبول تعليقك."}
    assert not Comment.objects.exists()


# Counting before storing: simultaneous posts are bounded.


def check_once(article, n, *, ip_address="192.0.2.50", site_settings=None):
    """The spam rules alone for one attempt, as a request does before storing anything."""
    from django.utils import timezone

    from articles.models import SiteSettings
    from articles.services.comment_spam import check
    from articles.services.comments import Submission, address_hash

    check(
        article=article,
        submission=Submission(name="قارئ", email="", body=f"تعليق متزامن رقم {n}"),
        address_hash=address_hash(ip_address),
        form_seconds=30,
        honeypot="",
        site_settings=site_settings or SiteSettings.load(),
        now=timezone.now(),
    )


def test_attempts_are_counted_before_anything_is_stored(make_article, comments_on, settings):
    """Twelve requests arriving together each run the rules before any of them stores its
    comment: only the limit's number may pass."""
    settings.NEWSROOM_COMMENT_RATE_PER_ADDRESS = 5
    article = make_article()
    passed = 0
    for n in range(12):
        try:
            check_once(article, n)
        except CommentRefused as refused:
            assert refused.http_status == 429
        else:
            passed += 1
    assert passed == 5


def test_the_same_text_sent_twice_at_once_passes_once(make_article, comments_on):
    article = make_article()
    from django.utils import timezone

    from articles.models import SiteSettings
    from articles.services.comment_spam import check
    from articles.services.comments import Submission

    def attempt(address):
        check(
            article=article,
            submission=Submission(name="قارئ", email="", body="النص نفسه في اللحظة نفسها"),
            address_hash=address,
            form_seconds=30,
            honeypot="",
            site_settings=SiteSettings.load(),
            now=timezone.now(),
        )

    attempt("a" * 64)
    with pytest.raises(CommentRefused):
        attempt("b" * 64)


@pytest.mark.django_db(transaction=True)
def test_twelve_simultaneous_posts_store_at_most_the_limit(make_article, comments_on, settings):
    """Threads on a real database (PostgreSQL): 12 posts at once against a limit of 5."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("threads need a database that serves several connections (PostgreSQL)")
    settings.NEWSROOM_COMMENT_RATE_PER_ADDRESS = 5
    article = make_article()
    barrier = threading.Barrier(12)
    outcomes = []

    def send(n):
        try:
            barrier.wait()
            submit(article, body=f"تعليق متزامن {n}", ip_address="192.0.2.77")
            outcomes.append("stored")
        except CommentRefused as refused:
            outcomes.append(refused.http_status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("stored") == 5
    assert outcomes.count(429) == 7
    assert Comment.objects.count() == 5


# IPv6: one subscriber's /64 is one client.


def test_an_ipv6_client_is_limited_on_its_64_network(make_article, comments_on, settings):
    settings.NEWSROOM_COMMENT_RATE_PER_ADDRESS = 3
    article = make_article()
    for n in range(3):
        submit(article, body=f"تعليق {n}", ip_address=f"2001:db8:1:2::{n + 1}")
    status, _message = refusal(article, body="تعليق آخر", ip_address="2001:db8:1:2:ffff::9")
    assert status == 429
    # Another /64 is another client.
    assert submit(article, body="تعليق من شبكة أخرى", ip_address="2001:db8:1:3::1").pk


def test_the_rate_scope_of_addresses():
    from articles.services.comments import address_hash, rate_scope

    assert rate_scope("192.0.2.1") == "192.0.2.1"
    assert rate_scope("::ffff:192.0.2.1") == "192.0.2.1"
    assert rate_scope("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64"
    assert address_hash("2001:db8:1:2::1") == address_hash("2001:db8:1:2:ffff::1")
    assert address_hash("192.0.2.1") != address_hash("192.0.2.2")


def test_the_per_article_limit_defaults_to_60_in_5_minutes():
    from django.conf import settings

    assert settings.NEWSROOM_COMMENT_RATE_PER_ARTICLE == 60
    assert settings.NEWSROOM_COMMENT_RATE_ARTICLE_WINDOW == 300


# Invisible characters, look-alike letters and spacing are no way around the rules.


@pytest.mark.parametrize(
    "text",
    [
        "s\u200bpammer here",  # zero-width space
        "spa\u200cmmer",  # zero-width non-joiner
        "spam\u200dmer",  # zero-width joiner
        "spam\u00admer",  # soft hyphen
        "spam\u2060mer",  # word joiner
        "\ufeffspammer",  # byte-order mark
        "ｓｐａｍｍｅｒ",  # full-width letters (NFKC)
        "كلمة \u200bممنوعة",  # a phrase split by an invisible character
        "كلمة\u00a0\u00a0 ممنوعة",  # odd spacing inside a phrase
        "ا\u200dحتيال",
    ],
)
def test_banned_words_are_matched_through_invisible_and_lookalike_characters(text):
    assert contains_banned_word(text, "كلمة ممنوعة\nاحتيال\nspammer")


@pytest.mark.parametrize(
    "variant",
    [
        "تعليق\u200b مكرر على الخبر",
        "تعليق  مكرر\nعلى   الخبر",
        "\ufeffتعليق مكرر على الخبر\u00ad",
        "تعليق مكرر على الخبر ",
    ],
)
def test_a_duplicate_with_invisible_characters_or_other_spacing_is_refused(
    make_article, comments_on, variant
):
    from django.core.cache import cache

    article = make_article()
    submit(article, body="تعليق مكرر على الخبر", ip_address="192.0.2.1")
    cache.clear()  # past the moment: the database's check alone
    status, message = refusal(article, body=variant, ip_address="192.0.2.2")
    assert status == 400 and "سبق" in message
    assert Comment.objects.count() == 1
    # From the same address, on another article, the same day.
    other = make_article()
    status, _message = refusal(other, body=variant, ip_address="192.0.2.1")
    assert status == 400


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("زوروا a.ma", 1),
        ("زوروا bit.ly/abc و t.co", 2),
        ("زوروا exa\u200bmple.com", 1),
        ("ｅｘａｍｐｌｅ．ｃｏｍ", 1),
        ("https://a.example و www.b.example", 2),
        ("راسلوني على leila@example.ma", 0),
        ("الثمن 3.50 درهم، الساعة 10.30", 0),
    ],
)
def test_bare_domains_count_as_links(text, links):
    from articles.services.comment_spam import count_links

    assert count_links(text) == links


def test_three_bare_domains_are_refused(make_article, comments_on, settings):
    settings.NEWSROOM_COMMENT_MAX_LINKS = 2
    status, _message = refusal(make_article(), body="a.ma و b.ma و c.ma")
    assert status == 400
    assert not Comment.objects.exists()
