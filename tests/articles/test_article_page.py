"""The article page's authors, tags and corrections, read by articles/article_page.py."""

from datetime import timedelta

from django.utils import timezone

from articles.article_page import page_relations
from articles.models import Correction


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


def test_an_article_without_bylines_tags_or_corrections_has_empty_relations(make_article):
    relations = page_relations(make_article(authors=[]))
    assert (relations.authors, relations.tags, relations.corrections) == ([], [], [])
