"""A library picture shown in an article's body cannot be deleted (articles/images/usage.py),
like a lead picture: the admin lists the articles, the service refuses."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.images.services import image_delete
from articles.images.usage import ImageInBodyError
from articles.models import Image, Status
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.ma", "pw-123456")
    sign_in(client, user)
    return client


def body_showing(image):
    return f'<p>فقرة.</p><figure><img src="{image.fallback_url}" alt="ميناء"></figure>'


def test_a_picture_in_a_published_body_is_not_deleted_and_the_page_names_the_article(
    editor_client, make_image, make_article
):
    image = make_image()
    article = make_article(headline="ميناء طنجة يستقبل سفينة", body=body_showing(image))

    response = editor_client.post(
        reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"}
    )

    assert response.status_code == 200  # the refusal page, not the redirect after a deletion
    page = response.content.decode()
    assert "ميناء طنجة يستقبل سفينة" in page
    assert reverse("admin:articles_article_change", args=[article.pk]) in page
    assert Image.objects.filter(pk=image.pk).exists()


def test_a_picture_in_a_draft_body_is_protected_too(editor_client, make_image, make_article):
    image = make_image()
    make_article(status=Status.DRAFT, publish_at=None, body=body_showing(image))

    editor_client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})

    assert Image.objects.filter(pk=image.pk).exists()


def test_the_delete_action_refuses_when_one_of_the_pictures_is_in_a_body(
    editor_client, make_image, make_article
):
    used, unused = make_image(), make_image()
    make_article(headline="مقال بالصورة", body=body_showing(used))

    response = editor_client.post(
        reverse("admin:articles_image_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )

    assert "مقال بالصورة" in response.content.decode()
    assert Image.objects.count() == 2


def test_the_service_refuses_and_names_the_articles(make_image, make_article):
    image = make_image()
    first = make_article(headline="الخبر الأول", body=body_showing(image))
    make_article(headline="خبر بلا صورة")

    with pytest.raises(ImageInBodyError) as refused:
        image_delete(image=image)

    assert refused.value.protected_objects == [first]
    assert "الخبر الأول" in str(refused.value) and "خبر بلا صورة" not in str(refused.value)
    assert Image.objects.filter(pk=image.pk).exists()


def test_another_picture_in_the_body_does_not_protect_this_one(make_image, make_article):
    image, other = make_image(), make_image()
    make_article(body=body_showing(other))

    image_delete(image=image)

    assert not Image.objects.filter(pk=image.pk).exists()
