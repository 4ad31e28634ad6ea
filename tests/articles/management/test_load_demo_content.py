import io

from django.core.management import call_command

from articles.models import Article, CommentPolicy, Section
from authors.models import Author


def test_demo_content_is_five_public_articles_in_three_sections(db, now):
    call_command("load_demo_content", stdout=io.StringIO())
    assert Article.objects.published().count() == 5
    assert Section.objects.count() == 3
    assert set(Article.objects.values_list("source", flat=True)) == {"text"}


def test_demo_content_has_two_bylines_and_closed_comments(db):
    call_command("load_demo_content", stdout=io.StringIO())
    port = Article.objects.get(source_id="economy/01-tanger-port.txt")
    assert [b.author.name for b in port.bylines.all()] == ["يوسف الإدريسي", "Karim Ait Lahcen"]
    derby = Article.objects.get(source_id="sport/01-casablanca-derby.txt")
    assert derby.comment_policy == CommentPolicy.CLOSED
    assert derby.dateline == "الدار البيضاء"


def test_loading_the_demo_again_duplicates_nothing(db):
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())
    assert Article.objects.count() == 5
    assert Author.objects.count() == 3
    assert Section.objects.count() == 3
