from datetime import UTC, datetime

from django.db import IntegrityError

from articles.importers.errors import ItemError
from articles.importers.loader import ArticleLoader
from articles.importers.records import ArticleRecord, PendingItem, SectionRef
from articles.importers.report import ImportReport
from articles.models import Article, Section, Status, SystemActor, Tag
from authors.models import Author

WHEN = datetime(2024, 1, 1, tzinfo=UTC)


def pending(source_id, headline="عنوان", fingerprint="f1", status=Status.PUBLISHED):
    def build():
        return ArticleRecord(
            headline=headline,
            body="<p>نص.</p>",
            status=status,
            publish_at=WHEN,
            author_names=["كاتب"],
            redirect_paths=[f"/old/{source_id}/"],
        )

    return PendingItem(
        source_id=source_id, fingerprint=fingerprint, location=f"item {source_id}", build=build
    )


def test_a_row_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_kept(db, monkeypatch):
    original = ArticleLoader._insert

    def refuse_item_2(self, new):
        if any(item.source_id == "2" for item, _record, _resolved in new):
            raise IntegrityError("refused for the test")
        return original(self, new)

    monkeypatch.setattr(ArticleLoader, "_insert", refuse_item_2)
    report = ImportReport()
    ArticleLoader(source="test", report=report, actor=SystemActor.IMPORT_TEXT).load(
        [pending("1"), pending("2"), pending("3")]
    )
    assert report.created == 2
    assert [str(f) for f in report.failures] == [
        "item 2: the database refused it: refused for the test"
    ]
    assert sorted(Article.objects.values_list("source_id", flat=True)) == ["1", "3"]
    assert report.counts["redirects created"] == 2


def test_an_item_whose_record_cannot_be_built_is_reported_with_its_line(db):
    def broken():
        raise ItemError("no headline", line=7)

    report = ImportReport()
    item = PendingItem(source_id="x", fingerprint="f", location="a.txt", build=broken)
    ArticleLoader(source="test", report=report, actor=SystemActor.IMPORT_TEXT).load([item])
    assert [str(f) for f in report.failures] == ["a.txt:7: no headline"]


def test_a_public_status_without_a_publish_time_is_refused(db):
    report = ImportReport()
    item = pending("1")
    record = item.build()
    record.publish_at = None
    item.build = lambda: record
    ArticleLoader(source="test", report=report, actor=SystemActor.IMPORT_TEXT).load([item])
    assert "needs a publish date" in str(report.failures[0])
    assert not Article.objects.exists()


def test_known_sections_tags_and_authors_are_found_in_one_query_each(db, django_assert_num_queries):
    section = Section.objects.create(name="اقتصاد", slug="iqtisad")
    tag = Tag.objects.create(name="وسم", slug="وسم")
    first = Author.objects.create(name="أمينة الصقلي")
    Author.objects.create(name="امينة الصقلى")  # the same byline once folded, created later
    loader = ArticleLoader(source="test", report=ImportReport(), actor=SystemActor.IMPORT_TEXT)

    with django_assert_num_queries(3):
        loader.find_known(
            sections=["iqtisad", "riyada"], tags=["وسم", "آخر"], authors=["امينة  الصقلي"]
        )
    with django_assert_num_queries(0):
        assert loader.section(SectionRef(name="اقتصاد", slug="iqtisad")) == section
        assert loader.tag("وسم", "وسم") == tag
        # The first by primary key, as Author.objects.find_by_name answers.
        assert loader.author("أمينة الصقلي") == first
    # What the database lacks is still created, by the usual path.
    loader.section(SectionRef(name="رياضة", slug="riyada"))
    assert Section.objects.filter(slug="riyada").exists()
