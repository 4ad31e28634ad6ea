"""The body editor: configured within the sanitiser's allowlist, loaded without inline script."""

import json
import re

from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from articles.admin.editor import BODY_EDITOR_EXTENSIONS, BodyEditorWidget
from articles.models import Article, Status
from articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_body_html
from tests.articles.admin.test_workflow import admin_url, article_form_data, login


def test_the_editor_offers_only_what_the_sanitiser_keeps():
    allowlist = allowlist_from_extensions(expand_extensions(BODY_EDITOR_EXTENSIONS))
    assert set(allowlist["tags"]) <= ALLOWED_TAGS
    # nh3 writes rel itself (sanitize.py's link_rel); the ordered list's start and type are
    # switched off in the editor (enableListAttributes) though the package still lists them.
    # The figure's class and the image's data-file only serve while editing: the sanitiser
    # drops them (test_a_figure_from_the_editor_is_stored_as_plain_figure_markup).
    ignored = {
        "a": {"rel"},
        "ol": {"start", "type", "data-type"},
        "figure": {"class"},
        "img": {"data-file"},
    }
    assert BODY_EDITOR_EXTENSIONS["OrderedList"] == {"enableListAttributes": False}
    for tag, attributes in allowlist["attributes"].items():
        extra = set(attributes) - ignored.get(tag, set())
        assert extra <= ALLOWED_ATTRIBUTES.get(tag, set()), tag


def test_a_figure_from_the_editor_is_stored_as_plain_figure_markup():
    # What Tiptap's Figure, Image and Caption write (getHTML()).
    written = (
        '<figure class="figure"><img src="/media/images/renditions/k/w960.jpg" alt="وصف" '
        'data-file="12"><figcaption class="figure-caption">تعليق (الصورة: وكالة)</figcaption>'
        "</figure>"
    )
    assert sanitize_body_html(written) == (
        '<figure><img src="/media/images/renditions/k/w960.jpg" alt="وصف">'
        "<figcaption>تعليق (الصورة: وكالة)</figcaption></figure>"
    )


def test_the_editor_has_what_the_newsroom_needs():
    for extension in ("Paragraph", "Bold", "Italic", "Link", "BulletList", "OrderedList"):
        assert extension in BODY_EDITOR_EXTENSIONS
    # Figures already in a body (imported [caption]s, pictures from the library) stay editable.
    for extension in ("Figure", "Image", "Caption"):
        assert extension in BODY_EDITOR_EXTENSIONS
    assert BODY_EDITOR_EXTENSIONS["Heading"] == {"levels": [2, 3]}
    assert "Blockquote" in BODY_EDITOR_EXTENSIONS


def test_the_widget_carries_its_configuration_and_direction_in_attributes():
    html = BodyEditorWidget(direction="rtl").render("body", "<p>نص</p>")
    config = json.loads(
        re.search(r"data-body-editor=\"([^\"]+)\"", html).group(1).replace("&quot;", '"')
    )
    assert "Heading" in config["extensions"]
    assert 'dir="rtl"' in html


def test_the_change_page_loads_the_editor_from_static_files_without_inline_script(
    client, staff, make_article
):
    article = make_article(status=Status.DRAFT, created_by=staff["reporter"])
    page = (
        login(client, staff, "reporter")
        .get(admin_url("articles_article_change", article.pk))
        .content.decode()
    )

    assert 'src="/static/articles/js/body-editor.js"' in page
    assert "data-body-editor=" in page
    inline = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", page)
        if "src=" not in tag and "application/json" not in tag
    ]
    assert inline == []  # not even an import map: a strict CSP will not break the editor
    assert 'type="importmap"' not in page


def test_a_french_article_gets_a_left_to_right_editor(client, staff, make_article):
    article = make_article(status=Status.DRAFT, created_by=staff["reporter"], language="fr")
    page = (
        login(client, staff, "reporter")
        .get(admin_url("articles_article_change", article.pk))
        .content.decode()
    )
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", page).group(0)
    assert 'dir="ltr"' in textarea


def test_whatever_the_editor_sends_goes_through_the_sanitiser(
    client, staff, make_section, make_author
):
    body = (
        '<h1>كبير</h1><p style="color:red"><strong>مهم</strong></p>'
        '<p><a href="javascript:alert(1)" target="_blank">رابط</a></p><img src=x onerror=alert(1)>'
    )
    response = login(client, staff, "reporter").post(
        reverse("admin:articles_article_add"),
        article_form_data(make_section(), make_author(), body=body),
    )
    assert response.status_code == 302
    stored = Article.objects.get().body
    assert "style" not in stored and "javascript" not in stored and "onerror" not in stored
    assert "target" not in stored and "<h1>" not in stored
    assert "<strong>مهم</strong>" in stored
