import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.demo.loader import CREDIT, DERBY, DESK_USERNAME, PORT, RAIN
from articles.models import (
    Article,
    CommentPolicy,
    Correction,
    HomePin,
    HomeSlot,
    Image,
    LiveEntry,
    Page,
    PageStatus,
    Revision,
    Section,
    StatusChange,
    Tag,
)
from authors.models import Author


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def loaded(db, media_root):
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def by_source(source_id):
    return Article.objects.get(source="text", source_id=source_id)


def test_demo_content_is_five_public_articles_in_three_sections(loaded):
    assert Article.objects.published().count() == 5
    assert Section.objects.count() == 3
    assert set(Article.objects.values_list("source", flat=True)) == {"text"}
    assert "5 articles" in loaded


def test_demo_content_has_two_bylines_and_closed_comments(loaded):
    port = by_source(PORT)
    assert [b.author.name for b in port.bylines.all()] == ["يوسف الإدريسي", "Karim Ait Lahcen"]
    derby = by_source(DERBY)
    assert derby.comment_policy == CommentPolicy.CLOSED
    assert derby.dateline == "الدار البيضاء"


def test_every_demo_article_has_a_credited_lead_picture_and_tags(loaded):
    for article in Article.objects.select_related("lead_image"):
        assert article.lead_image is not None
        assert article.lead_image.alt_text
        assert article.lead_image.credit == CREDIT
        assert article.lead_image.renditions  # stored through the library's gate
        assert article.tags.count() >= 2
    assert Image.objects.count() == 9


def test_the_demo_desk_cannot_sign_in(loaded):
    desk = get_user_model().objects.get(username=DESK_USERNAME)
    assert not desk.has_usable_password()
    assert not desk.is_staff
    assert not desk.is_superuser


def test_home_page_shows_the_pinned_top_story_with_pictures(loaded, client):
    assert HomePin.objects.get(slot=HomeSlot.TOP).article == by_source(RAIN)
    html = client.get("/").content.decode()
    top = html.split('class="top-story"', 1)[1].split("</section>", 1)[0]
    assert by_source(RAIN).headline in top
    assert "<picture" in top
    assert html.count("<picture") >= 5


def test_article_shows_tags_correction_and_picture_in_its_body(loaded, client):
    port = by_source(PORT)
    html = client.get(port.get_absolute_url()).content.decode()
    assert 'class="corrections"' in html
    assert Correction.objects.get(article=port).text.split("،")[0] in html
    for tag in port.tags.all():
        assert tag.get_absolute_url() in html
    body = html.split('class="article__body"', 1)[1].split('class="corrections"', 1)[0]
    assert body.count("<picture") == 1  # the ship, inside the body


def test_article_shows_a_gallery_of_three_library_pictures(loaded, client):
    html = client.get(by_source(RAIN).get_absolute_url()).content.decode()
    gallery = html.split('<figure class="gallery"', 1)[1]
    assert 'role="region"' in gallery.split(">", 1)[0]  # shown as a gallery (images/body.py)
    assert gallery.count("<picture") >= 3
    assert gallery.count(CREDIT) == 3  # each figure keeps its credit


def test_article_shows_the_youtube_embed_as_a_placeholder_and_its_live_coverage(loaded, client):
    html = client.get(by_source(DERBY).get_absolute_url()).content.decode()
    assert re.search(r'<figure class="embed embed--youtube', html)
    assert "youtube-nocookie.com" in html
    assert "<iframe" not in html  # nothing loads before the reader asks
    assert len(re.findall(r'class="live-entry[ "]', html)) == 3
    assert 'class="live-blog' in html


def test_legal_notice_is_published_with_fake_values_and_linked_from_the_footer(loaded, client):
    notice = Page.objects.get(slug="البيانات-القانونية")
    assert notice.status == PageStatus.PUBLISHED
    assert "[يُملأ" not in notice.body
    assert "متخيل" in notice.body
    assert client.get(notice.get_absolute_url()).status_code == 200
    assert notice.get_absolute_url() in client.get("/").content.decode()


def test_loading_the_demo_again_adds_nothing(loaded):
    counts = [
        model.objects.count()
        for model in (
            Article,
            Author,
            Section,
            Image,
            Tag,
            Correction,
            HomePin,
            LiveEntry,
            Revision,
            StatusChange,
        )
    ]
    users = get_user_model().objects.count()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert [
        model.objects.count()
        for model in (
            Article,
            Author,
            Section,
            Image,
            Tag,
            Correction,
            HomePin,
            LiveEntry,
            Revision,
            StatusChange,
        )
    ] == counts
    assert get_user_model().objects.count() == users


def test_the_header_menu_lists_the_demo_sections_in_order(loaded, client):
    html = client.get("/").content.decode()
    menu = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    positions = [menu.index(name) for name in ("مجتمع", "اقتصاد", "رياضة")]
    assert positions == sorted(positions)
