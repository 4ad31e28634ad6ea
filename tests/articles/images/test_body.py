import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.images.body import body_with_pictures

pytestmark = pytest.mark.django_db


def library_img(image, alt=""):
    return f'<img src="/media/{image.renditions["w960.jpg"]["name"]}" alt="{alt}">'


def test_library_image_in_the_body_becomes_a_lazy_responsive_picture(make_image):
    image = make_image(alt_text="قارب صيد في الصويرة")

    html = body_with_pictures(f"<p>قبل</p>{library_img(image)}<p>بعد</p>")

    assert html.startswith("<p>قبل</p><picture>")
    assert '<source type="image/webp" srcset="' in html
    assert 'loading="lazy"' in html
    assert 'alt="قارب صيد في الصويرة"' in html
    assert html.endswith("</picture><p>بعد</p>")


def test_alt_text_written_in_the_body_wins_and_stays_escaped(make_image):
    image = make_image()

    html = body_with_pictures(library_img(image, alt="نص &amp; &lt;بديل&gt;"))

    assert 'alt="نص &amp; &lt;بديل&gt;"' in html


def test_other_images_are_left_alone():
    body = '<p>نص</p><img src="https://example.ma/photo.jpg" alt="صورة">'

    assert body_with_pictures(body) == body


def test_reference_to_a_deleted_library_image_is_left_alone(make_image):
    body = '<img src="/media/images/originals/2b0c4c5e-1111-4222-8333-944445555666.jpg" alt="">'

    assert body_with_pictures(body) == body


def count_queries(client, url):
    client.get(url)  # the first request also loads and caches the site settings
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_body_pictures_cost_one_query_however_many(client, make_article, make_image):
    one = make_article(body=library_img(make_image(size=(1000, 700))))
    images = [make_image(size=(1000, 700)) for _ in range(3)]
    three = make_article(body="".join(library_img(image) for image in images))

    html = client.get(three.get_absolute_url()).content.decode()

    assert count_queries(client, one.get_absolute_url()) == count_queries(
        client, three.get_absolute_url()
    )
    assert len(re.findall(r"<picture>", html)) == 3
