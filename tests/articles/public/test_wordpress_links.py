"""WordPress short links (articles/public/wordpress_links.py): /?p=, /?page_id=, /?attachment_id=."""

import io

import pytest
from PIL import Image as PILImage

from articles.images.services import image_create_from_file
from articles.models import ImportedAttachment, Status

SOURCE = "wxr:https://www.example.ma"


@pytest.fixture
def imported(make_article):
    return make_article(source=SOURCE, source_id="4242", headline="مقال من الموقع القديم")


@pytest.fixture
def library_picture(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), (200, 120, 40)).save(buffer, "JPEG")
    buffer.seek(0)
    return image_create_from_file(
        file=buffer, filename="photo.jpg", alt_text="ساحة", credit="أرشيف الجريدة"
    )


@pytest.mark.parametrize("parameter", ["p", "page_id"])
def test_a_wordpress_short_link_answers_301_to_the_imported_article(client, imported, parameter):
    response = client.get(f"/?{parameter}=4242")

    assert response.status_code == 301
    assert response["Location"] == imported.get_absolute_url()


def test_the_short_link_of_a_post_that_is_not_public_keeps_the_home_page(client, make_article):
    make_article(source=SOURCE, source_id="77", status=Status.DRAFT, publish_at=None)

    assert client.get("/?p=77").status_code == 200


@pytest.mark.parametrize("value", ["999", "abc", "", "4242abc", "-4242", "1" * 40])
def test_other_p_values_keep_the_home_page(client, imported, value):
    response = client.get(f"/?p={value}")

    assert response.status_code == 200
    assert "articles/home.html" in [t.name for t in response.templates]


def test_ids_of_other_importers_are_not_wordpress_ids(client, make_article):
    make_article(source="text:archive-2019", source_id="4242")

    assert client.get("/?p=4242").status_code == 200


def test_an_attachment_short_link_answers_301_to_the_library_picture(client, library_picture):
    ImportedAttachment.objects.create(
        source=SOURCE,
        source_id="515",
        url="https://www.example.ma/wp-content/uploads/a.jpg",
        image=library_picture,
    )

    response = client.get("/?attachment_id=515")

    assert response.status_code == 301
    assert response["Location"] == library_picture.fallback_url
    assert response["Location"].startswith("/media/")


def test_an_attachment_never_brought_into_the_library_keeps_the_home_page(client, db):
    ImportedAttachment.objects.create(
        source=SOURCE, source_id="516", url="https://www.example.ma/wp-content/uploads/b.jpg"
    )

    assert client.get("/?attachment_id=516").status_code == 200


def test_the_short_link_costs_one_query(client, imported, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/?p=4242").status_code == 301


def test_the_redirect_wins_over_the_cached_home_page(client, page_cache_on, make_article):
    article = make_article(source=SOURCE, source_id="88", status=Status.DRAFT, publish_at=None)
    assert client.get("/").status_code == 200
    assert client.get("/")["X-Cache"] == "HIT"
    # Before the post is public its short link shows the home page, and it is not kept...
    early = client.get("/?p=88")
    assert early.status_code == 200
    assert "X-Cache" not in early and "X-Accel-Expires" not in early
    assert "public" not in early.get("Cache-Control", "")

    # ... so that once it is public, nothing cached stands in the redirect's way.
    article.status = Status.PUBLISHED
    article.publish_at = article.created_at
    article.save()

    response = client.get("/?p=88")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    # nginx's micro-cache keeps a redirect one second at most (as every 301: it may lead to an
    # article just taken down), never a copy of the home page.
    assert response.get("X-Accel-Expires", "1") == "1"
