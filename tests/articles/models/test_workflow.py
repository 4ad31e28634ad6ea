"""The pure workflow questions (the table, Article's own): answered without the database.

These tests have no database access at all: a query would fail them.
"""

import pytest

from articles.models import Article, Section, Status
from articles.models.workflow import STATUS_GRAPH, can_move

ALLOWED = {
    (Status.DRAFT, Status.IN_REVIEW),
    (Status.IN_REVIEW, Status.DRAFT),
    (Status.IN_REVIEW, Status.SCHEDULED),
    (Status.IN_REVIEW, Status.PUBLISHED),
    (Status.SCHEDULED, Status.DRAFT),
    (Status.SCHEDULED, Status.SCHEDULED),
    (Status.SCHEDULED, Status.PUBLISHED),
    (Status.SCHEDULED, Status.ARCHIVED),
    (Status.PUBLISHED, Status.ARCHIVED),
    (Status.ARCHIVED, Status.DRAFT),
}


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_moves_follow_the_newsroom_workflow(current, target):
    assert can_move(current, target) is ((current, target) in ALLOWED)


def test_every_status_has_a_row_in_the_status_graph():
    assert set(STATUS_GRAPH) == set(Status)


def test_published_article_cannot_go_straight_back_to_draft():
    assert not can_move(Status.PUBLISHED, Status.DRAFT)


def test_draft_cannot_be_published_without_review():
    assert not can_move(Status.DRAFT, Status.PUBLISHED)


def test_missing_fields_names_each_missing_part():
    article = Article(headline="  ", body="<p> </p>")
    missing = [str(name) for name in article.missing_fields_for_review(byline_count=0)]
    meta = Article._meta
    assert missing == [
        str(meta.get_field("headline").verbose_name),
        str(meta.get_field("section").verbose_name),
        str(meta.get_field("authors").verbose_name),
        str(meta.get_field("body").verbose_name),
    ]


def test_complete_article_misses_nothing():
    article = Article(headline="عنوان", body="<p>نص</p>", section=Section(pk=1, name="قسم"))
    assert article.missing_fields_for_review(byline_count=1) == []
