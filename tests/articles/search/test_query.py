from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat

from articles.models import Article, Status
from articles.search import clean_query, search_articles


def search(query):
    found = search_articles(Article.objects.published(), clean_query(query))
    return set(found.values_list("pk", flat=True))


@pytest.fixture
def school_article(make_article):
    return make_article(
        headline="افتتاح مدرسة جديدة في إقليم الحسيمة",
        body="<p>استقبلت المؤسسة أكثر من ٣٠٠ تلميذ على مدى الأسبوع الأول.</p>",
    )


@pytest.fixture
def other_article(make_article):
    return make_article(headline="مباراة الوداد والرجاء", body="<p>انتهت المباراة بالتعادل.</p>")


@pytest.mark.parametrize(
    "query",
    [
        "مدرسة",  # plain spelling
        "مَدْرَسَةٌ",  # with diacritics
        "مدرسه",  # ه for ة
        "ـمدرســة",  # tatweel
        "اقليم",  # bare alef for إ
        "إقليم",
        "علي مدي",  # ي for ى
        "٣٠٠",  # Eastern Arabic digits
        "300",
        "الحسيمة؟",  # Arabic punctuation
    ],
)
def test_spelling_variants_find_the_same_article(query, school_article, other_article):
    assert search(query) == {school_article.pk}


def test_all_words_must_match(school_article, other_article):
    assert search("مدرسة الوداد") == set()


def test_unpublished_articles_are_never_found(make_article):
    draft = make_article(headline="مدرسة في مسودة", status=Status.DRAFT)
    assert draft.pk not in search("مدرسة")


def test_search_column_follows_queryset_update(school_article):
    Article.objects.filter(pk=school_article.pk).update(
        headline=Concat(F("headline"), Value(" وملعب رياضي"))
    )
    assert search("ملعب") == {school_article.pk}


def test_search_column_follows_bulk_create(make_section):
    section = make_section()
    Article.objects.bulk_create(
        [Article(headline="قافلة طبية", status=Status.DRAFT, section=section)]
    )
    Article.objects.filter(headline="قافلة طبية").update(
        status=Status.PUBLISHED, publish_at=F("created_at")
    )
    assert len(search("قافله")) == 1


def test_headline_matches_come_before_newer_body_matches(make_article, now):
    in_body = make_article(
        headline="خبر عام", body="<p>الزلزال في الحوز</p>", publish_at=now - timedelta(hours=1)
    )
    in_headline = make_article(
        headline="الزلزال يضرب الحوز", body="<p>تفاصيل</p>", publish_at=now - timedelta(days=3)
    )
    found = search_articles(Article.objects.published(), clean_query("الزلزال"))
    order = list(found.values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        assert order == [in_headline.pk, in_body.pk]
    else:
        # The SQLite fallback orders by date only.
        assert order == [in_body.pk, in_headline.pk]


@pytest.mark.parametrize("raw", ["", "   ", "!!!", "؟؟؟ ،،", "ـــ", "\u200f"])
def test_junk_queries_clean_to_nothing(raw):
    assert clean_query(raw) == ""


def test_overlong_queries_are_cut():
    assert len(clean_query("كلمة " * 500).split()) <= 12


def test_only_the_newest_matches_are_kept(make_article, now, monkeypatch):
    monkeypatch.setattr("articles.search.query.MAX_RESULTS", 2)
    oldest = make_article(headline="سوق الخضر", publish_at=now - timedelta(days=3))
    newer = [make_article(headline="سوق السمك", publish_at=now - timedelta(days=d)) for d in (1, 2)]
    found = search("سوق")
    assert found == {article.pk for article in newer}
    assert oldest.pk not in found
