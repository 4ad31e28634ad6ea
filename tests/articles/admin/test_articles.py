import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from articles.admin.articles import BylineInline
from articles.models import Article, Status

ADMIN_PAGES = [
    "admin:index",
    "admin:articles_article_changelist",
    "admin:articles_article_add",
    "admin:articles_section_changelist",
    "admin:articles_tag_changelist",
    "admin:authors_author_changelist",
    "admin:authors_author_add",
    "admin:articles_sitesettings_changelist",
    "admin:articles_redirect_changelist",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_render_in_arabic_right_to_left(admin_client, name):
    response = admin_client.get(reverse(name))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar-ma"' in page and 'dir="rtl"' in page


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_send_anonymous_visitors_to_sign_in(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_article_change_page_renders_for_an_existing_article(admin_client, make_article):
    article = make_article()

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_article_change_page_renders_an_article_with_tags(admin_client, make_article, make_tag):
    article = make_article()
    tag = make_tag("الانتخابات")
    article.tags.add(tag)

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert f'<option value="{tag.pk}" selected>الانتخابات</option>' in response.content.decode()


def test_a_draft_written_in_the_admin_is_stored_with_a_sanitised_body(
    admin_client, admin_user, make_section, make_author
):
    section, author = make_section(), make_author()

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "خبر من الإدارة",
            "slug": "",
            "kicker": "",
            "standfirst": "",
            "body": '<p style="color:red" onclick="x()">متن <script>alert(1)</script>نظيف</p>',
            "section": section.pk,
            "dateline": "الرباط",
            "language": "ar",
            "comment_policy": "default",
            "status": "draft",
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "0",
            "bylines-0-position": "0",
            "bylines-0-author": author.pk,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(headline="خبر من الإدارة")
    assert article.body == "<p>متن نظيف</p>"
    assert article.slug == "خبر-من-الإدارة"
    assert article.created_by == admin_user
    assert [b.author for b in article.bylines.all()] == [author]


def test_a_byline_reads_as_its_authors_name(make_article, make_author):
    article = make_article(authors=[make_author("منى الإدريسي")])

    assert str(article.bylines.get()) == "منى الإدريسي"


def test_the_byline_rows_load_their_authors_names_in_one_query(
    make_article, make_author, admin_user, django_assert_num_queries
):
    article = make_article(authors=[make_author("منى"), make_author("ياسين"), make_author("سعاد")])
    request = RequestFactory().get("/")
    request.user = admin_user
    inline = BylineInline(Article, admin.site)

    with django_assert_num_queries(1):
        captions = [str(byline) for byline in inline.get_queryset(request).filter(article=article)]

    assert captions == ["منى", "ياسين", "سعاد"]


def test_the_change_page_captions_each_byline_row_with_its_author(
    admin_client, make_article, make_author
):
    # Django prints each saved row of a tabular inline above it: the author, not their id.
    article = make_article(authors=[make_author("منى الإدريسي"), make_author("ياسين العلوي")])

    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    group = page.content.decode().split('id="bylines-group"', 1)[1].split("</fieldset>", 1)[0]
    captions = re.findall(r'<td class="original">\s*<p>\s*(.*?)\s*</p>', group, re.S)
    assert captions == ["منى الإدريسي", "ياسين العلوي"]


def test_the_changelist_filters_read_by_the_author_and_name_articles_without_a_section(
    admin_client, make_article
):
    make_article(status=Status.DRAFT)
    Article.objects.update(section=None)

    with translation.override("ar-ma"):
        page = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()

    titles = [
        re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<summary>(.*?)</summary>", page, re.S)
    ]
    assert {"حسب الحالة", "حسب القسم", "حسب الكاتب"} <= set(titles)
    section_filter = page.split("حسب القسم", 1)[1].split("</details>", 1)[0]
    choices = [c.strip() for c in re.findall(r"<a [^>]*>(.*?)</a>", section_filter, re.S)]
    assert "بدون قسم" in choices
    assert "-" not in choices


def test_the_section_filters_empty_choice_lists_the_articles_without_a_section(
    admin_client, make_article
):
    with_section = make_article(headline="مقال في قسم")
    without = make_article(headline="مقال بلا قسم")
    Article.objects.filter(pk=without.pk).update(section=None)

    response = admin_client.get(
        reverse("admin:articles_article_changelist") + "?section__isnull=True"
    )

    shown = [article.pk for article in response.context["cl"].result_list]
    assert shown == [without.pk]
    assert with_section.pk not in shown


@pytest.mark.parametrize("author", ["__create__:وكالة المغرب العربي للأنباء", "abc", "1e9x"])
def test_a_byline_value_that_is_no_author_is_refused_not_a_crash(
    admin_client, make_section, author
):
    """What the browser sends if the form goes before a new byline's creation has answered,
    or what anyone may forge: the form says so, the page renders, nothing is stored."""
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "خبر بتوقيع غير صالح",
            "slug": "",
            "kicker": "",
            "standfirst": "",
            "body": "<p>متن</p>",
            "section": make_section().pk,
            "dateline": "",
            "language": "ar",
            "comment_policy": "default",
            "status": "draft",
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "0",
            "bylines-0-position": "0",
            "bylines-0-author": author,
        },
    )

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors
    assert not Article.objects.filter(headline="خبر بتوقيع غير صالح").exists()


@pytest.mark.parametrize("tag", ["__create__:وسم جديد", "abc"])
def test_a_tag_value_that_is_no_tag_is_refused_not_a_crash(admin_client, make_section, tag):
    """The tags box is a many-to-many relation, which names no target field: its key is the
    tag's primary key."""
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "خبر بوسم غير صالح",
            "slug": "",
            "kicker": "",
            "standfirst": "",
            "body": "<p>متن</p>",
            "section": make_section().pk,
            "dateline": "",
            "language": "ar",
            "comment_policy": "default",
            "status": "draft",
            "tags": [tag],
            "bylines-TOTAL_FORMS": "0",
            "bylines-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tags"]
    assert not Article.objects.filter(headline="خبر بوسم غير صالح").exists()
