"""The XSS corpus through the inputs that came with the merged branches, checked in chromium.

tests/browser/test_xss_corpus.py covers the article, author and section fields typed in the
admin. This module sends every vector of tests/security/xss_vectors.py through the rest:

- the image library (alternative text, caption and credit, uploaded in the admin), used as lead
  images with a per-article caption;
- tag names (admin), correction texts (the workflow's service), the search query;
- both importers: `import_text` (headline, byline and paragraphs of text files) and
  `import_wxr` (title, content, excerpt, category, tag and author of a WordPress export).

Vectors are packed several to a text (each field's maximum length) so the test stays short; every
vector still reaches every field. Then every public and admin page showing them is loaded in
chromium: a dialog, the `window.__xss` marker or a Content-Security-Policy violation fails the
test, and every stored body stays within the sanitiser's allowlist.
"""

from urllib.parse import urlencode
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape as escape_html

from articles.importers.text.importer import import_text
from articles.importers.wxr.importer import import_wxr
from articles.models import Article, CorrectionKind, Image, Section, Status, Tag
from articles.services import article_add_correction
from authors.models import Author
from tests.articles.images.conftest import photo_with_secrets
from tests.articles.importers.conftest import article_text
from tests.browser.test_xss_corpus import outside_allowlist, post, publish_everything
from tests.security.xss_vectors import XSS_VECTORS

pytestmark = pytest.mark.browser

# Forms and the importers refuse NUL characters outright (tested where they are defined).
STORABLE = [vector for vector in XSS_VECTORS.values() if "\x00" not in vector]


def packs(limit):
    """Every storable vector, joined by spaces into texts of at most `limit` characters."""
    texts, current = [], ""
    for vector in (vector[:limit] for vector in STORABLE):
        if current and len(current) + 1 + len(vector) > limit:
            texts.append(current)
            current = vector
        else:
            current = f"{current} {vector}" if current else vector
    return [*texts, current]


def cycled(texts, count):
    return [texts[number % len(texts)] for number in range(count)]


def upload_images(client):
    """One picture per credit-sized pack; alt texts and captions cycle over their own packs."""
    credits = packs(200)
    alts, captions = cycled(packs(300), len(credits)), cycled(packs(500), len(credits))
    for number, (credit, alt, caption) in enumerate(zip(credits, alts, captions, strict=True)):
        photo = SimpleUploadedFile(
            f"xss-{number}.jpg", photo_with_secrets("JPEG", size=(320, 200)), "image/jpeg"
        )
        assert post(
            client,
            reverse("admin:articles_image_add"),
            {
                "upload": photo,
                "alt_text": alt,
                "caption": caption,
                "credit": credit,
                "focal_x": "0.5",
                "focal_y": "0.5",
            },
        ), f"picture {number} was refused"
    return list(Image.objects.order_by("pk"))


def add_tags(client):
    for number, name in enumerate(packs(100)):
        assert post(
            client, reverse("admin:articles_tag_add"), {"name": name, "slug": f"t-{number}"}
        )
    return list(Tag.objects.order_by("pk"))


def write_articles_with_pictures(client, images, tags, section, author):
    """One article per picture, with a lead caption of its own and a share of the tags."""
    captions = cycled(packs(500), len(images))
    for number, (image, caption) in enumerate(zip(images, captions, strict=True)):
        assert post(
            client,
            reverse("admin:articles_article_add"),
            {
                "headline": f"صورة رقم {number}",
                "slug": f"picture-{number}",
                "body": "<p>نص الخبر.</p>",
                "lead_image": image.pk,
                "lead_image_caption": caption,
                "tags": [tag.pk for tag in tags[number :: len(images)]],
                "section": section.pk,
                "language": "ar",
                "comment_policy": "default",
                "bylines-TOTAL_FORMS": "1",
                "bylines-INITIAL_FORMS": "0",
                "bylines-0-position": "0",
                "bylines-0-author": author.pk,
            },
        ), f"article with picture {number} was refused"


def import_text_files(folder):
    folder.mkdir()
    headlines = packs(250)
    bylines = cycled(packs(150), len(headlines))
    paragraph_groups = [STORABLE[start :: len(headlines)] for start in range(len(headlines))]
    for number, (headline, byline, paragraphs) in enumerate(
        zip(headlines, bylines, paragraph_groups, strict=True)
    ):
        text = article_text(headline.replace("\n", " "), byline, *paragraphs)
        (folder / f"xss-{number}.txt").write_text(text, encoding="utf-8")
    report = import_text([folder], status="published", root=folder)
    assert report.created == len(headlines), report


def wxr_export(path):
    """A WordPress export whose every reader-visible text holds vectors."""
    titles = packs(250)
    short = cycled(packs(90), len(titles))  # names of categories, tags and authors
    authors, items = [], []
    for number, (title, name) in enumerate(zip(titles, short, strict=True)):
        authors.append(
            f"<wp:author><wp:author_id>{number + 1}</wp:author_id>"
            f"<wp:author_login>xss{number}</wp:author_login>"
            f"<wp:author_display_name>{escape(name)}</wp:author_display_name></wp:author>"
        )
        content = "\n\n".join(STORABLE[number :: len(titles)])
        items.append(
            f"""<item>
  <title>{escape(title)}</title>
  <link>https://old.example.ma/?p={1000 + number}</link>
  <dc:creator>xss{number}</dc:creator>
  <content:encoded>{escape(content)}</content:encoded>
  <excerpt:encoded>{escape(title)}</excerpt:encoded>
  <wp:post_id>{1000 + number}</wp:post_id>
  <wp:post_date>2026-11-01 10:00:00</wp:post_date>
  <wp:post_date_gmt>2026-11-01 09:00:00</wp:post_date_gmt>
  <wp:comment_status>open</wp:comment_status>
  <wp:post_name>xss-{number}</wp:post_name>
  <wp:status>publish</wp:status>
  <wp:post_parent>0</wp:post_parent>
  <wp:post_type>post</wp:post_type>
  <category domain="category" nicename="xss-c-{number}">{escape(name)}</category>
  <category domain="post_tag" nicename="xss-t-{number}">{escape(name)}</category>
</item>"""
        )
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>XSS</title>
  <link>https://old.example.ma</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example.ma</wp:base_site_url>
  <wp:base_blog_url>https://old.example.ma</wp:base_blog_url>
  {"".join(authors)}
  {"".join(items)}
</channel>
</rss>
""",
        encoding="utf-8",
    )
    return len(titles)


def test_no_xss_vector_runs_from_pictures_tags_corrections_search_or_imports(
    live_server,
    watched_page,
    sign_in_in_browser,
    sign_in_with_second_factor,
    make_staff_user,
    make_section,
    make_author,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    chief = make_staff_user(is_superuser=True)
    client = sign_in_with_second_factor(Client(), chief)
    section, author = make_section(name="صور"), make_author(name="مصور الجريدة")

    images = upload_images(client)
    tags = add_tags(client)
    write_articles_with_pictures(client, images, tags, section, author)
    publish_everything(chief)
    for article, text in zip(
        Article.objects.filter(status=Status.PUBLISHED).order_by("pk"), packs(1000), strict=False
    ):
        article_add_correction(
            article=article, actor=chief, kind=CorrectionKind.CORRECTION, text=text
        )
    import_text_files(tmp_path / "texts")
    items = wxr_export(tmp_path / "export.xml")
    report = import_wxr(tmp_path / "export.xml")
    assert report.created == items, report

    # The vectors do reach the pages (escaped), so the browser check below is not vacuous.
    pictured = Article.objects.filter(lead_image__isnull=False).select_related("lead_image")[0]
    html = client.get(pictured.get_absolute_url()).content.decode()
    assert escape_html(pictured.lead_image.credit) in html
    assert escape_html(pictured.lead_image_caption) in html
    searched = client.get(reverse("articles:search"), {"q": STORABLE[0]}).content.decode()
    assert escape_html(STORABLE[0]) in searched

    articles = list(Article.objects.all())
    assert all(a.status == Status.PUBLISHED for a in articles)
    bodies_outside = {
        a.pk: outside_allowlist(a.body) for a in articles if outside_allowlist(a.body)
    }
    assert bodies_outside == {}

    public = ["/"] + [a.get_absolute_url() for a in articles]
    public += [t.get_absolute_url() for t in Tag.objects.all()]
    public += [s.get_absolute_url() for s in Section.objects.all()]
    public += [a.get_absolute_url() for a in Author.objects.all()]
    public += [f"{reverse('articles:search')}?{urlencode({'q': v})}" for v in STORABLE]
    staff = [
        reverse("admin:articles_image_changelist"),
        reverse("admin:articles_tag_changelist"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:authors_author_changelist"),
        reverse("admin:articles_section_changelist"),
    ]
    staff += [reverse("admin:articles_image_change", args=[image.pk]) for image in images]
    staff += [reverse("admin:articles_article_change", args=[a.pk]) for a in articles]

    sign_in_in_browser(watched_page, chief)
    assert watched_page.problems_on(live_server.url, public, staff) == []
