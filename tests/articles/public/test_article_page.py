"""The article page's related articles, authors, tags and corrections, read with fixed SQL by
articles/public/article_page.py, pinned to their ORM versions (docs/decisions/article-page-sql.md).
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Byline, Correction
from articles.models.article import Status
from articles.public.article_page import RELATED_COUNT, page_relations, related_articles


def test_relations_are_the_same_rows_in_the_same_order_as_the_orm_gives(
    make_article, make_author, make_tag, django_assert_num_queries
):
    authors = [make_author(name="ياسين"), make_author(name="أمل"), make_author(name="Brahim")]
    tags = [make_tag(name="ماء"), make_tag(name="انتخابات"), make_tag(name="Zagora")]
    article = make_article(authors=authors, tags=tags)
    other = make_article(authors=[make_author()], tags=[make_tag()])
    now = timezone.now()
    later = Correction.objects.create(article=article, text="ثانية", created_at=now)
    earlier = Correction.objects.create(
        article=article, text="أولى", created_at=now - timedelta(hours=1)
    )
    Correction.objects.create(article=other, text="لمقال آخر")

    with django_assert_num_queries(3):
        relations = page_relations(article)

    assert relations.authors == authors  # byline order, not name order
    assert [author.name for author in relations.authors] == ["ياسين", "أمل", "Brahim"]
    assert relations.tags == list(article.tags.order_by("name", "id"))
    assert relations.corrections == [earlier, later]
    # Whole rows: the page reads any field without another query.
    with django_assert_num_queries(0):
        assert [author.slug for author in relations.authors] == [a.slug for a in authors]
        assert relations.corrections[0].get_kind_display()


def orm_page_relations(article):
    """The plain Django version of `page_relations`: three querysets."""
    bylines = Byline.objects.filter(article_id=article.pk).select_related("author")
    return (
        [byline.author for byline in bylines.order_by("position", "id")],
        list(article.tags.order_by("name", "id")),
        list(Correction.objects.filter(article_id=article.pk).order_by("created_at", "id")),
    )


def test_relations_equal_the_orm_querysets_on_varied_articles(make_article, make_author, make_tag):
    ali, souad, brahim = (
        make_author(name="علي"),
        make_author(name="سعاد"),
        make_author(name="Brahim"),
    )
    water, vote = make_tag(name="ماء"), make_tag(name="انتخابات")
    articles = [
        make_article(authors=[souad, ali, brahim], tags=[water, vote, make_tag(name="Zagora")]),
        make_article(authors=[brahim, souad], tags=[vote], language="fr", headline="Le vote"),
        make_article(authors=[], tags=[]),
        make_article(authors=[ali]),
    ]
    now = timezone.now()
    for at, article in enumerate(articles[:2]):
        Correction.objects.create(article=article, text="تصحيح", created_at=now)
        Correction.objects.create(
            article=article, text="تدقيق", created_at=now - timedelta(hours=at + 1)
        )

    for article in articles:
        relations = page_relations(article)
        expected = orm_page_relations(article)
        assert (relations.authors, relations.tags, relations.corrections) == expected
        # Field by field, not only the same primary keys.
        assert [(a.name, a.slug, a.get_absolute_url()) for a in relations.authors] == [
            (a.name, a.slug, a.get_absolute_url()) for a in expected[0]
        ]
        assert [(t.name, t.slug) for t in relations.tags] == [(t.name, t.slug) for t in expected[1]]
        assert [(c.text, c.created_at, c.kind) for c in relations.corrections] == [
            (c.text, c.created_at, c.kind) for c in expected[2]
        ]


def test_an_article_without_bylines_tags_or_corrections_has_empty_relations(make_article):
    relations = page_relations(make_article(authors=[]))
    assert (relations.authors, relations.tags, relations.corrections) == ([], [], [])


def orm_related_articles(article, tag_ids, now):
    """The ORM twin of `related_articles`, built on `Article.objects.published()` (the one
    definition of public): the raw lookup must give exactly these articles in this order."""
    newest_first = (
        Article.objects.published(now=now)
        .exclude(pk=article.pk)
        .filter(Q(section_id=article.section_id) | Q(tags__in=tag_ids))
        .distinct()
        .order_by("-publish_at", "-id")
    )
    return list(newest_first.values_list("pk", flat=True)[:RELATED_COUNT])


def test_related_articles_are_the_articles_published_gives_at_the_edges_of_time(
    make_article, make_section, make_tag, django_assert_num_queries
):
    now = timezone.now()
    section, other_section = make_section(), make_section()
    tag, other_tag, unused_tag = make_tag(), make_tag(), make_tag()
    article = make_article(section=section, tags=[tag, other_tag])

    def related(at, **fields):
        return make_article(section=fields.pop("section", other_section), **fields, publish_at=at)

    # Public at `now`, in the section or sharing a tag: candidates, newest first.
    on_the_second = related(now, section=section)
    scheduled_due = related(now - timedelta(minutes=1), tags=[tag], status=Status.SCHEDULED)
    expires_later = related(
        now - timedelta(minutes=2), tags=[other_tag], expires_at=now + timedelta(seconds=1)
    )
    both = related(now - timedelta(minutes=3), section=section, tags=[tag, other_tag])
    older = related(now - timedelta(minutes=4), section=section)
    # Never related: not public at `now`, unrelated, or the article itself.
    related(now + timedelta(seconds=1), section=section)  # not yet
    related(now - timedelta(seconds=30), section=section, expires_at=now)  # expired on the second
    make_article(section=section, status=Status.DRAFT)
    make_article(section=section, status=Status.IN_REVIEW)
    make_article(section=section, status=Status.ARCHIVED, publish_at=now - timedelta(minutes=1))
    related(now - timedelta(seconds=10), tags=[unused_tag])

    tag_ids = [tag.pk, other_tag.pk]
    with django_assert_num_queries(1):
        found = related_articles(article, tag_ids, now=now)
    assert [a.pk for a in found] == orm_related_articles(article, tag_ids, now)
    assert found == [on_the_second, scheduled_due, expires_later, both]
    assert older not in found  # four at most
    # Only what the page shows was read; reading it costs no query.
    with django_assert_num_queries(0):
        assert [(a.slug, a.headline, a.language) for a in found]
        assert found[0].get_absolute_url() == on_the_second.get_absolute_url()


def test_related_articles_by_section_alone_by_tags_alone_and_by_neither(
    make_article, make_section, make_tag
):
    now = timezone.now()
    section, tag = make_section(), make_tag()
    neighbours = [make_article(section=section) for _ in range(2)]
    tagged = [make_article(tags=[tag]) for _ in range(2)]
    untagged = make_article(section=section)
    assert [a.pk for a in related_articles(untagged, [], now=now)] == orm_related_articles(
        untagged, [], now
    )
    assert set(related_articles(untagged, [], now=now)) == set(neighbours)

    loner = make_article(tags=[tag])
    Article.objects.filter(pk=loner.pk).update(section=None)
    loner.refresh_from_db()
    assert related_articles(loner, [tag.pk], now=now) == sorted(
        tagged, key=lambda a: (a.publish_at, a.pk), reverse=True
    )
    assert related_articles(loner, [], now=now) == []
