"""The "most read" block (articles/public/most_read.py): the five public articles read most in
the last 24 hours, on the home and article pages, per section on section pages; the counting
script on the readers' article page only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleReadCount, Status
from articles.public.most_read import most_read_articles
from articles.services import reads
from articles.services.reads import hour_of
from articles.services.workflow import article_archive
from tests.articles.admin.test_workflow import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads_of():
    """`reads_of(article, count, hours_ago=0)`: an hourly row as the scheduler folds it."""

    def add(article, count, hours_ago=0):
        hour = hour_of(timezone.now()) - timedelta(hours=hours_ago)
        return ArticleReadCount.objects.create(article=article, hour=hour, count=count)

    return add


def block(response):
    """The headlines of the page's block, in order ([] when there is none)."""
    html = response.content.decode()
    if 'class="most-read"' not in html:
        return []
    part = html.split('class="most-read"', 1)[1].split("</aside>", 1)[0]
    return [item.split(">", 2)[2].split("</a>")[0] for item in part.split("<li")[1:]]


def test_the_home_page_shows_the_five_most_read_of_the_last_24_hours(
    client, make_article, reads_of
):
    articles = [make_article(headline=f"مقال {n}") for n in range(7)]
    for n, article in enumerate(articles):
        reads_of(article, 10 + n)  # the later, the more read
    reads_of(articles[0], 15, hours_ago=23)  # within the window: 10 + 15 = 25, the most
    reads_of(articles[1], 500, hours_ago=24)  # the hour before the window: not counted
    response = client.get("/")
    assert block(response) == ["مقال 0", "مقال 6", "مقال 5", "مقال 4", "مقال 3"]
    assert "الأكثر قراءة" in response.content.decode()


def test_only_public_articles_are_shown(client, make_article, reads_of):
    shown = make_article(headline="منشور")
    reads_of(shown, 1)
    for fields in (
        {"status": Status.DRAFT},
        {"status": Status.ARCHIVED},
        {"expires_at": timezone.now() - timedelta(minutes=1)},
        {"status": Status.SCHEDULED, "publish_at": timezone.now() + timedelta(hours=1)},
    ):
        reads_of(make_article(headline="مخفي", **fields), 100)
    assert block(client.get("/")) == ["منشور"]


def test_no_block_without_reads(client, make_article):
    make_article()
    assert 'class="most-read"' not in client.get("/").content.decode()


def test_the_section_page_shows_its_own_most_read(client, make_article, make_section, reads_of):
    sport, economy = make_section(name="رياضة"), make_section(name="اقتصاد")
    reads_of(make_article(headline="مباراة", section=sport), 3)
    reads_of(make_article(headline="بورصة", section=economy), 50)
    response = client.get(sport.get_absolute_url())
    assert block(response) == ["مباراة"]
    assert "الأكثر قراءة في رياضة" in response.content.decode()
    assert block(client.get("/")) == ["بورصة", "مباراة"]


def test_the_article_page_shows_the_block_and_loads_the_counting_script(
    client, make_article, reads_of
):
    article, popular = make_article(), make_article(headline="الأكثر")
    reads_of(popular, 9)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert block(response) == ["الأكثر"]
    assert "articles/js/most-read" in html
    assert f'data-read-url="{reverse("articles:read", args=[article.pk])}"' in html


def test_a_staff_preview_does_not_load_the_counting_script(client, make_article, staff, reads_of):
    article = make_article(status=Status.DRAFT)
    reads_of(make_article(headline="الأكثر"), 2)
    response = login(client, staff, "chief").get(reverse("articles:preview", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "most-read.js" not in html and "data-read-url" not in html
    assert block(response) == ["الأكثر"]  # what readers will see around it


def test_the_block_is_one_query_once_then_none_whatever_its_length(
    make_article, reads_of, django_assert_num_queries
):
    for n in range(8):
        reads_of(make_article(), n + 1)
    with django_assert_num_queries(1):
        first = most_read_articles()
    assert len(first) == 5
    # The ranking and its headlines are kept until the scheduler's next fold.
    with django_assert_num_queries(0):
        assert most_read_articles() == first


def test_a_take_down_leaves_the_kept_block_at_once(
    client, make_article, reads_of, make_staff_user, django_capture_on_commit_callbacks
):
    editor = make_staff_user(role="editor")
    articles = [make_article(headline=f"مقال {n}") for n in range(7)]
    for n, article in enumerate(articles):
        reads_of(article, 10 + n)
    assert block(client.get("/"))[0] == "مقال 6"
    with django_capture_on_commit_callbacks(execute=True):
        article_archive(article=articles[6], actor=editor, reason="خطأ")
    assert block(client.get("/")) == ["مقال 5", "مقال 4", "مقال 3", "مقال 2", "مقال 1"]


def test_an_article_expired_since_it_was_ranked_leaves_the_block(make_article, reads_of):
    now = timezone.now()
    reads_of(make_article(headline="ينتهي", expires_at=now + timedelta(seconds=30)), 9)
    reads_of(make_article(headline="باق"), 3)
    assert [card.headline for card in most_read_articles(now=now)] == ["ينتهي", "باق"]
    # Expiry sends nothing: the kept ranking is read against the clock.
    later = now + timedelta(seconds=31)
    assert [card.headline for card in most_read_articles(now=later)] == ["باق"]


def test_the_ranking_is_kept_until_the_scheduler_folds_new_counts(
    client, make_article, counting_redis
):
    quiet, popular = make_article(headline="هادئ"), make_article(headline="مقروء")
    hour = hour_of(timezone.now())
    ArticleReadCount.objects.create(article=quiet, hour=hour, count=3)
    assert block(client.get("/")) == ["هادئ"]
    counting_redis.hset(reads.hour_key(hour), str(popular.pk), 40)
    # Counted in Redis, not folded yet: the page ranks as it did.
    assert block(client.get("/")) == ["هادئ"]
    assert reads.read_counts_fold().rows == 1
    assert block(client.get("/")) == ["مقروء", "هادئ"]


def test_pages_name_the_block_s_articles_for_purges(client, settings, make_article, reads_of):
    settings.NEWSROOM_PAGE_CACHE = True
    popular = make_article(expires_at=timezone.now() + timedelta(hours=2))
    reads_of(popular, 4)
    response = client.get("/")
    assert f"article-{popular.pk}" in response["Surrogate-Key"].split()
    # A page is kept no longer than the block's first expiry.
    assert int(response["X-Accel-Expires"]) <= 2 * 3600
    section_page = client.get(popular.section.get_absolute_url())
    assert f"article-{popular.pk}" in section_page["Surrogate-Key"].split()
