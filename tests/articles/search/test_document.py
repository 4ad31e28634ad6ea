"""The search text: the standfirst and body folded in Python, kept in step by every write path.

The documents must be those the database computed when it folded everything itself (the
column of migration 0008, still defined in articles/search/__init__.py): on PostgreSQL the new column
is compared with the old expression evaluated in a query, on SQLite with the old function.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from PIL import Image as PILImage

from articles.importers.bulk import BulkWriter, fixed_values
from articles.importers.loader import ARTICLE_COLUMNS
from articles.importers.text.importer import import_text
from articles.importers.wxr.importer import import_wxr
from articles.models import Article
from articles.search import (
    ArticleSearchDocument0008,
    article_search_text,
    clean_query,
    search_articles,
)
from articles.services.revisions import article_restore_revision, revision_create
from tests.articles.admin.test_conflicts import form_data
from tests.articles.admin.test_workflow import admin_url
from tests.articles.images.conftest import encoded
from tests.articles.importers.conftest import FIXTURES, article_text

WHEN = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)

# (headline, standfirst, body): what readers type differently from what was written.
TRICKY_TEXTS = {
    "diacritics": (
        "مَدْرَسَةٌ جَدِيدَةٌ فِي الحَيِّ",
        "تَمَّ افْتِتَاحُ هٰذِهِ المَدْرَسَةِ",
        "<p>قالَ المُدِيرُ: إنَّ الأمرَ ۖ مُهِمٌّ جِدًّا ۗ للتلاميذِ</p>",
    ),
    "alef forms": (
        "أحمد وإبراهيم في آسفي",
        "آمنة تزور ٱلمدينة القديمة",
        "<p>أول إعلان عن آخر ٱجتماع لأعضاء المجلس</p>",
    ),
    "ta marbuta and alef maqsura": (
        "مدرسة على مستوى الجهة",
        "المدينة الكبرى تستقبل مصطفى",
        "<p>مبادرة فتى في القرى المجاورة للمدرسة</p>",
    ),
    "eastern digits": (
        "٣٠٠ تلميذ في ۱۲ قسما",
        "نسبة ١٢٫٥٪ و٤٥٦ درهما",
        "<p>في سنة ٢٠٢٤ و2025 ارتفع العدد إلى ۹۸۷٬۶۵۴</p>",
    ),
    "punctuation": (
        "الرباط: «خبر عاجل»!",
        "هل؟ نعم، لا؛ ربما… (ربما)",
        "<p>“اقتباس” – ‘آخر’ — [معقوفان] {حاضنتان} a/b c.d e-f g_h #وسم @حساب 50%</p>",
    ),
    "tatweel and bidi controls": (
        "الـــمدرســة الـجديدة",
        "\u200fنص\u200e مع \u2066عزل\u2069 و\u061cعلامة",
        "<p>الـجـديـد \u202bهنا\u202c و\u202aهناك\u202c</p>",
    ),
    "tags": (
        "عنوان المقال",
        "",
        '<h2>عنوان فرعي</h2><p>فقرة <strong>قوية</strong> و<a href="https://example.ma/x?a=1">'
        'رابط</a></p><ul><li>أول</li><li>ثان</li></ul><p>كلمة<br>أخرى</p><figure><img src="a.jpg"'
        ' alt="صورة الشاطئ"><figcaption>تعليق الصورة</figcaption></figure><blockquote><p>'
        "<em>مقتطف</em></p></blockquote>",
    ),
    "latin letters and spacing": (
        "Rabat: ÉCOLE Normale",
        "Le Maroc\u00a0et l’Europe",
        "<p>Ligne UN\nligne\tdeux   TROIS</p>\n\n<p>Ça\u00a0va</p>",
    ),
    "nothing but a headline": ("خبر قصير", "", ""),
}


def found(query):
    """Ids of every article (public or not) the search finds for `query`."""
    return set(
        search_articles(Article.objects.all(), clean_query(query)).values_list("pk", flat=True)
    )


def documents(article):
    """(the document the column of migration 0008 would hold, the column now) for `article`."""
    return (
        Article.objects.filter(pk=article.pk)
        .annotate(old=ArticleSearchDocument0008())
        .values_list("old", "search_document")
        .get()
    )


def assert_search_text_current(article):
    stored = Article.objects.get(pk=article.pk)
    assert stored.search_text == article_search_text(stored.standfirst, stored.body)


@pytest.mark.parametrize("texts", TRICKY_TEXTS.values(), ids=TRICKY_TEXTS.keys())
def test_the_document_is_the_one_the_database_computed_before(make_article, texts):
    headline, standfirst, body = texts
    article = make_article(headline=headline, standfirst=standfirst, body=body)
    old, new = documents(article)
    assert new == old
    assert new  # not an empty document compared with another


def test_entities_in_the_body_count_as_the_characters_they_stand_for(make_article):
    headline = "الماء والكهرباء"
    with_entities = make_article(
        headline=headline,
        body="<p>الماء &amp; الكهرباء&nbsp;في &quot;الرباط&quot; "
        "&#1575;&#1604;&#1605;&#1583;&#1610;&#1606;&#1577; &#x2014; &lt;هنا&gt;</p>",
    )
    with_characters = make_article(
        headline=headline,
        body='<p>الماء & الكهرباء\u00a0في "الرباط" المدينة — هنا</p>',
    )
    old_with_entities, new = documents(with_entities)
    assert new == documents(with_characters)[0]
    assert found("المدينه هنا") == {with_entities.pk, with_characters.pk}
    if connection.vendor == "postgresql":
        # The old expression stripped tags but left entities: their names became words.
        assert "'nbsp'" in old_with_entities and "'quot'" in old_with_entities
        assert "'nbsp'" not in new
    else:
        assert new == old_with_entities  # SQLite's old function unescaped them already
    assert found("nbsp") == set()


def test_letters_typed_with_a_combining_hamza_are_found_as_one_letter(make_article):
    # و + U+0654 (hamza above) is ؤ written in two code points; queries are NFC-normalised.
    article = make_article(body="<p>انعقد المو\u0654تمر الدولي</p>")
    assert found("المؤتمر") == {article.pk}


def test_create_and_bulk_create_fill_the_search_text(make_section):
    section = make_section()
    created = Article.objects.create(
        headline="خبر", standfirst="مقدمة قصيرة", body="<p>متن &amp; تفاصيل</p>", section=section
    )
    [bulk] = Article.objects.bulk_create(
        [Article(headline="خبر آخر", standfirst="مقدمة", body="<p>قافلة طبية</p>")]
    )
    assert created.search_text == "مقدمه قصيره متن تفاصيل"
    assert_search_text_current(created)
    assert_search_text_current(bulk)
    assert found("قافله طبيه") == {bulk.pk}


def test_saving_the_body_with_update_fields_updates_the_search(make_article):
    article = make_article(body="<p>الجفاف يضرب الجنوب</p>")
    article.body = "<p>الأمطار تعود إلى الشمال</p>"
    article.save(update_fields=["body"])
    assert found("الامطار") == {article.pk}
    assert found("الجفاف") == set()
    article.standfirst = "مقدمة عن السدود"
    article.save(update_fields=["standfirst"])
    assert found("السدود الشمال") == {article.pk}


def test_saving_other_fields_leaves_the_search_text_alone(make_article):
    article = make_article(body="<p>الجفاف يضرب الجنوب</p>")
    article.body = "<p>نص لم يحفظ</p>"
    article.save(update_fields=["headline"])
    assert found("الجفاف") == {article.pk}
    assert found("يحفظ") == set()


def test_saving_an_instance_loaded_without_its_search_text_updates_it(make_article):
    article = make_article(standfirst="مقدمة أولى", body="<p>الجفاف يضرب الجنوب</p>")
    loaded = Article.objects.defer("search_text", "search_document").get(pk=article.pk)
    loaded.body = "<p>الأمطار تعود</p>"
    loaded.save()
    only_body = Article.objects.only("pk", "body").get(pk=article.pk)
    only_body.body = "<p>الأمطار تعود بقوة</p>"
    only_body.save()
    assert found("بقوه الامطار اولي") == {article.pk}
    assert found("الجفاف") == set()
    assert_search_text_current(article)


def test_an_admin_save_updates_the_search(admin_client, make_article):
    article = make_article(body="<p>الجفاف يضرب الجنوب</p>")
    response = admin_client.post(
        admin_url("articles_article_change", article.pk),
        form_data(
            article,
            1,
            headline=article.headline,
            standfirst="مقدمة عن السدود",
            body="<p>الأمطار تعود إلى الشمال</p>",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("السدود الامطار") == {article.pk}
    assert found("الجفاف") == set()
    assert_search_text_current(article)


def test_restoring_a_revision_updates_the_search(staff, make_article):
    article = make_article(body="<p>الجفاف يضرب الجنوب</p>")
    old = revision_create(article=article, actor=staff["reporter"])
    article.body = "<p>الأمطار تعود إلى الشمال</p>"
    article.save()
    assert found("الجفاف") == set()
    article_restore_revision(article=article, revision=old, actor=staff["editor"])
    assert found("الجفاف") == {article.pk}
    assert found("الامطار") == set()
    assert_search_text_current(article)


def test_import_text_creates_and_updates_searchable_articles(db, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        article_text("طنجة: ميناء جديد", "هند الفاسي", "فقرة عن البواخر في الميناء."),
        encoding="utf-8",
    )
    import_text([path], status="published", published_at=WHEN, root=tmp_path)
    [article] = Article.objects.all()
    assert found("البواخر") == {article.pk}
    path.write_text(
        article_text("طنجة: ميناء جديد", "هند الفاسي", "فقرة عن القطارات في الميناء."),
        encoding="utf-8",
    )
    assert import_text([path], status="published", published_at=WHEN, root=tmp_path).updated == 1
    assert found("القطارات") == {article.pk}
    assert found("البواخر") == set()
    assert_search_text_current(article)


def test_import_wxr_writes_the_search_text_of_every_row(db):
    # On PostgreSQL new articles are written with COPY, which runs no pre_save.
    import_wxr(FIXTURES / "arabic-export.xml")
    article = Article.objects.get(source_id="101")
    assert found("كيلومترا المقاول") == {article.pk}  # standfirst (excerpt) and body
    for imported in Article.objects.all():
        assert_search_text_current(imported)


def test_the_media_import_rewriting_bodies_keeps_their_standfirst_searchable(db, tmp_path):
    export = FIXTURES / "media-export.xml"
    import_wxr(export)
    article = Article.objects.get(source_id="301")
    article.standfirst = "مقدمة عن التجار"
    article.save(update_fields=["standfirst"])
    uploads = tmp_path / "uploads" / "2019" / "05"
    uploads.mkdir(parents=True)
    # A gradient: tests.articles.images.conftest.picture() draws noise from the C library's
    # random state, which a later test's "chance" depends on.
    (uploads / "souk.jpg").write_bytes(
        encoded(PILImage.linear_gradient("L").resize((800, 600)).convert("RGB"), "JPEG")
    )

    import_wxr(export, media_dir=tmp_path / "uploads")

    article.refresh_from_db()
    assert "souk-300x200.jpg" not in article.body  # the picture now comes from the library
    assert found("التجار خريطه السوق") == {article.pk}
    assert_search_text_current(article)


def test_the_bulk_writer_refuses_to_leave_out_a_derived_field(db):
    without = tuple(name for name in ARTICLE_COLUMNS if name != "search_text")
    with pytest.raises(ValueError, match="search_text is derived from standfirst, body"):
        fixed_values(Article, without)
    with pytest.raises(ValueError, match="search_text"):
        BulkWriter(Article, without)
    # With it given, the other columns still come from the defaults.
    assert "search_text" not in fixed_values(Article, ARTICLE_COLUMNS)


def test_writes_that_skip_save_must_give_the_search_text_with_the_body(make_article):
    article = make_article(body="<p>قديم</p>")
    with pytest.raises(ValueError, match="search_text"):
        Article.objects.filter(pk=article.pk).update(body="<p>جديد</p>")
    article.standfirst = "جديد"
    with pytest.raises(ValueError, match="search_text"):
        Article.objects.bulk_update([article], ["standfirst"])
    # Nothing was written; other fields, and writes that give it, go through.
    assert Article.objects.get(pk=article.pk).body == "<p>قديم</p>"
    Article.objects.filter(pk=article.pk).update(headline="عنوان آخر")
    Article.objects.filter(pk=article.pk).update(
        body="<p>جديد</p>", search_text=article_search_text("", "<p>جديد</p>")
    )
    assert Article.objects.get(pk=article.pk).search_text == "جديد"
