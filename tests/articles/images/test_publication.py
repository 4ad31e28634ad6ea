import pytest
from django.utils import translation

from articles.images.publication import image_publication_problems

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The messages are compared with their source text.
    with translation.override("en"):
        yield


def test_article_without_pictures_has_no_picture_problems(make_article):
    assert image_publication_problems(make_article()) == []


def test_lead_image_with_alt_text_and_credit_is_ready(make_article, make_image):
    assert image_publication_problems(make_article(lead_image=make_image())) == []


def test_lead_image_without_alt_text_or_credit_is_reported(make_article, make_image):
    article = make_article(lead_image=make_image(alt_text="", credit=" "))

    problems = image_publication_problems(article)

    assert len(problems) == 1
    assert "alternative text" in problems[0]
    assert "credit" in problems[0]


def test_library_picture_in_the_body_without_credit_is_reported(make_article, make_image):
    image = make_image(credit="")
    body = f'<p>نص</p><img src="/media/{image.renditions["w640.jpg"]["name"]}" alt="">'

    problems = image_publication_problems(make_article(body=body))

    assert problems == [
        f"Picture 1 in the body (“متظاهرون أمام البرلمان في الرباط”, number {image.pk} in the "
        "image library) needs: credit."
    ]


def test_the_problem_names_the_picture_by_its_place_and_caption(make_article, make_image):
    ready = make_image()
    lacking = make_image(alt_text="", credit="", caption="سوق الخميس في تطوان")
    body = (
        f'<figure><img src="/media/{ready.file.name}" alt="أ"></figure><p>نص</p>'
        '<figure><img src="https://example.org/outside.jpg" alt="صورة من خارج المكتبة">'
        "<figcaption>صورة: موقع آخر</figcaption></figure>"
        f'<figure><img src="{lacking.fallback_url}" alt=""><figcaption>تعليق</figcaption></figure>'
    )

    problems = image_publication_problems(make_article(body=body))

    # The third picture on the page; the second, from another site, has alt text and a credit
    # (its caption: tests/articles/images/test_hotlinked.py).
    assert problems == [
        f"Picture 3 in the body (“سوق الخميس في تطوان”, number {lacking.pk} in the image "
        "library) needs: alternative text, credit."
    ]


def test_a_picture_without_any_description_is_named_by_place_and_number(make_article, make_image):
    image = make_image(alt_text="", credit="")

    problems = image_publication_problems(make_article(body=f'<img src="{image.fallback_url}">'))

    assert problems == [
        f"Picture 1 in the body (number {image.pk} in the image library) needs: "
        "alternative text, credit."
    ]


def test_the_alt_text_written_in_the_body_counts_for_that_picture(make_article, make_image):
    image = make_image(alt_text="")
    described = f'<figure><img src="{image.fallback_url}" alt="صيادون في ميناء الصويرة"></figure>'
    undescribed = f'<figure><img src="{image.fallback_url}" alt=" "></figure>'

    assert image_publication_problems(make_article(body=described)) == []
    problems = image_publication_problems(make_article(body=described + undescribed))
    assert len(problems) == 1
    assert problems[0].startswith("Picture 2 in the body")
    assert "alternative text" in problems[0]


def test_a_body_picture_deleted_from_the_library_is_reported(make_article, make_image):
    from articles.images.services import image_delete

    image = make_image()
    body = f'<p>نص</p><figure><img src="{image.fallback_url}" alt="وصف"></figure>'
    image_delete(image=image)

    problems = image_publication_problems(make_article(body=body))

    assert problems == [
        "Picture 1 in the body is no longer in the image library: remove it or choose another."
    ]


def test_body_picture_check_costs_one_query(make_article, make_image, django_assert_num_queries):
    first, second = make_image(credit=""), make_image(alt_text="")
    body = "".join(f'<img src="/media/{image.file.name}">' for image in (first, second))
    article = make_article(body=body)

    with django_assert_num_queries(1):
        problems = image_publication_problems(article)

    assert len(problems) == 2


def test_publishing_is_refused_while_a_picture_lacks_credit(staff, make_article, make_image, now):
    from articles.exceptions import InvalidTransition
    from articles.models import Status
    from articles.services import article_publish, article_schedule

    image = make_image(credit="")
    article = make_article(status=Status.IN_REVIEW, publish_at=None, lead_image=image)

    with pytest.raises(InvalidTransition, match="credit"):
        article_publish(article=article, actor=staff["editor"], now=now)
    with pytest.raises(InvalidTransition, match="credit"):
        article_schedule(article=article, actor=staff["editor"], publish_at=now, now=now)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW

    image.credit = "وكالة المغرب العربي للأنباء"
    image.save(update_fields=["credit"])
    article_publish(article=article, actor=staff["editor"], now=now)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_publishing_is_refused_while_a_body_picture_lacks_credit(
    staff, make_article, make_image, now
):
    from articles.exceptions import InvalidTransition
    from articles.models import Status
    from articles.services import article_publish

    image = make_image(credit="")
    body = f'<p>نص</p><figure><img src="{image.fallback_url}" alt="وصف"></figure>'
    article = make_article(status=Status.IN_REVIEW, publish_at=None, body=body)

    with pytest.raises(InvalidTransition, match=f"Picture 1 in the body .*number {image.pk}"):
        article_publish(article=article, actor=staff["editor"], now=now)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
