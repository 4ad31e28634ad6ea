"""Pictures from another site in a body follow the library's rule (articles/images/publication.py):
alt text and a credit (the caption of their <figure>), or publishing is refused. Importers keep
them as they are and count them."""

import pytest
from django.utils import translation

from articles.exceptions import InvalidTransition
from articles.images.publication import image_publication_problems
from articles.importers.wxr.importer import import_wxr
from articles.models import Article, Status
from articles.services import article_publish

pytestmark = pytest.mark.django_db

SRC = "https://photos.other-site.example/2024/05/port.jpg"


@pytest.fixture(autouse=True)
def english():
    # The messages are compared with their source text.
    with translation.override("en"):
        yield


def problems(make_article, body):
    return image_publication_problems(make_article(body=body))


def test_a_hotlinked_picture_without_alt_text_or_credit_is_reported(make_article):
    assert problems(make_article, f'<p>نص</p><img src="{SRC}">') == [
        "Picture 1 in the body (from photos.other-site.example) needs: alternative text, "
        "credit. A picture from another site carries its credit in its caption."
    ]


def test_its_credit_is_the_caption_of_its_figure(make_article):
    bare = f'<figure><img src="{SRC}" alt="ميناء طنجة"></figure>'
    credited = (
        f'<figure><img src="{SRC}" alt="ميناء طنجة"><figcaption>ميناء طنجة (صورة: وكالة)'
        "</figcaption></figure>"
    )

    assert problems(make_article, bare) == [
        "Picture 1 in the body (from photos.other-site.example) needs: credit. A picture from "
        "another site carries its credit in its caption."
    ]
    assert problems(make_article, credited) == []


def test_the_caption_of_another_figure_does_not_count(make_article):
    body = (
        f'<figure><img src="{SRC}" alt="أ"><figcaption>صورة: وكالة</figcaption></figure>'
        f'<p>نص</p><img src="{SRC}?2" alt="ب"><figure><figcaption> </figcaption></figure>'
    )

    found = problems(make_article, body)

    assert len(found) == 1 and found[0].startswith("Picture 2 in the body")


def test_problems_follow_the_order_of_the_body(make_article, make_image):
    image = make_image(credit="")
    body = f'<img src="{image.fallback_url}" alt="أ"><img src="{SRC}" alt="ب">'

    found = problems(make_article, body)

    assert [text.split(" (")[0] for text in found] == [
        "Picture 1 in the body",
        "Picture 2 in the body",
    ]


def test_publishing_is_refused_while_a_hotlinked_picture_lacks_credit(staff, make_article, now):
    body = f'<p>نص</p><figure><img src="{SRC}" alt="وصف"></figure>'
    article = make_article(status=Status.IN_REVIEW, publish_at=None, body=body)

    with pytest.raises(InvalidTransition, match="from photos.other-site.example.*credit"):
        article_publish(article=article, actor=staff["editor"], now=now)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW

    article.body = body.replace("</figure>", "<figcaption>صورة: وكالة</figcaption></figure>")
    article.save()
    article_publish(article=article, actor=staff["editor"], now=now)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example.ma/</wp:base_site_url>
<item>
<title>صور من الميناء</title>
<content:encoded><![CDATA[<p>نص</p><img src="{src}"><p>نص</p><img src="{src}?2" alt="">]]></content:encoded>
<wp:post_id>9</wp:post_id>
<wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status>
<wp:post_date_gmt>2024-05-01 10:00:00</wp:post_date_gmt>
</item>
</channel>
</rss>
"""


def test_the_importer_keeps_hotlinked_pictures_publishes_and_counts_them(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(EXPORT.format(src=SRC), encoding="utf-8")

    report = import_wxr(path)

    article = Article.objects.get(source_id="9")
    assert article.status == Status.PUBLISHED
    assert article.body.count(SRC) == 2
    assert report.counts["pictures linked from another site (kept, not fetched)"] == 2


def test_another_site_s_copy_of_a_library_path_is_not_a_library_picture():
    from articles.images.publication import body_pictures

    key = "12345678-1234-1234-1234-123456789abc"
    [picture] = body_pictures(f'<img src="https://evil.example/media/images/originals/{key}.jpg">')

    assert picture.key is None


def test_zero_width_marks_are_no_alt_text_or_credit():
    from articles.images.publication import body_pictures, hotlinked_missing_metadata

    [picture] = body_pictures(
        '<figure><img src="https://other.example/a.jpg" alt="\u200b">'
        "<figcaption>\u200f</figcaption></figure>"
    )

    assert len(hotlinked_missing_metadata(picture)) == 2
