import pytest

from articles.images.body import body_with_pictures
from articles.images.publication import image_publication_problems
from articles.importers.wxr.importer import import_wxr
from articles.importers.wxr.media import canonical_key, serialised_credit, upload_key
from articles.models import Article, Image, ImportedAttachment, Status
from articles.search import article_search_text
from tests.articles.images.conftest import (
    METADATA_MARKERS,
    encoded,
    photo_with_secrets,
    picture,
    stored_files,
)
from tests.articles.importers.conftest import FIXTURES

EXPORT = FIXTURES / "media-export.xml"
SOURCE = "wxr:https://old.example.ma"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads: a photo with GPS EXIF, a PNG, a corrupt JPEG, no missing.jpg."""
    root = tmp_path / "uploads"
    (root / "2019" / "05").mkdir(parents=True)
    (root / "2019" / "06").mkdir(parents=True)
    (root / "2019" / "05" / "souk.jpg").write_bytes(photo_with_secrets("JPEG", size=(800, 600)))
    (root / "2019" / "05" / "map.png").write_bytes(encoded(picture((640, 480)), "PNG"))
    (root / "2019" / "06" / "port.jpg").write_bytes(encoded(picture((700, 500)), "JPEG"))
    (root / "2019" / "06" / "broken.jpg").write_bytes(encoded(picture((700, 500)), "JPEG")[:400])
    (root / "2019" / "06" / "contract.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "outside.jpg").write_bytes(encoded(picture((320, 240)), "JPEG"))
    return root


def image_of(attachment_id):
    return ImportedAttachment.objects.get(source=SOURCE, source_id=str(attachment_id)).image


def article(post_id):
    return Article.objects.get(source=SOURCE, source_id=str(post_id))


def test_attachments_become_library_images_with_their_texts(db, uploads):
    report = import_wxr(EXPORT, media_dir=uploads)
    assert report.counts["pictures added to the library"] == 3
    assert Image.objects.count() == 3
    souk = image_of(201)
    assert souk.alt_text == "تجار يعرضون الخضر في سوق الأربعاء"
    assert souk.caption == "التجار في الصباح الباكر"
    assert souk.credit == "Hamid Zaki"
    assert (souk.width, souk.height) == (800, 600)
    assert image_of(205).alt_text == "ميناء طنجة"
    assert image_of(202).credit == ""


def test_missing_corrupt_and_escaping_files_are_reported_by_attachment_and_not_fatal(db, uploads):
    report = import_wxr(EXPORT, media_dir=uploads)
    failures = {failure.location: failure.message for failure in report.failures}
    assert set(failures) == {
        "attachment 203 (2019/06/missing.jpg)",
        "attachment 204 (2019/06/broken.jpg)",
        "attachment 206 (../outside.jpg)",
    }
    assert "no such file" in failures["attachment 203 (2019/06/missing.jpg)"]
    assert "broken.jpg" in failures["attachment 204 (2019/06/broken.jpg)"]
    assert report.created == 2
    assert report.exit_code == 1
    assert report.counts["attachments that are not pictures (left alone)"] == 1
    assert image_of(203) is None and image_of(204) is None and image_of(206) is None


def test_no_gps_or_camera_metadata_survives_in_any_stored_file(db, uploads, media_root):
    import_wxr(EXPORT, media_dir=uploads)
    files = stored_files(media_root)
    assert len(files) > 3
    for path in files:
        data = path.read_bytes()
        for marker in METADATA_MARKERS:
            assert marker not in data, (path, marker)


def test_size_suffixed_and_captioned_references_show_the_library_picture(db, uploads):
    import_wxr(EXPORT, media_dir=uploads)
    body = article(301).body
    assert "wp-content/uploads" not in body
    assert image_of(201).fallback_url in body
    assert image_of(202).fallback_url in body
    shown = body_with_pictures(body)
    assert shown.count("<picture>") == 2
    assert "خريطة السوق" in shown


def test_class_only_reference_is_rewritten_and_missing_file_reference_is_kept(db, uploads):
    import_wxr(EXPORT, media_dir=uploads)
    body = article(302).body
    assert image_of(205).fallback_url in body
    assert "cdn.example.com" not in body
    assert "https://old.example.ma/wp-content/uploads/2019/06/missing-1024x768.jpg" in body


def test_featured_image_becomes_the_lead_image(db, uploads):
    import_wxr(EXPORT, media_dir=uploads)
    assert article(301).lead_image == image_of(201)
    assert article(302).lead_image is None  # its featured file is missing


def test_published_post_whose_picture_lacks_a_credit_still_imports_as_published(db, uploads):
    import_wxr(EXPORT, media_dir=uploads)
    post = article(301)
    assert post.status == Status.PUBLISHED
    problems = image_publication_problems(post)
    assert len(problems) == 1 and str(image_of(202).pk) in problems[0]


def test_rerun_adds_no_image_and_no_file(db, uploads, media_root):
    import_wxr(EXPORT, media_dir=uploads)
    files = stored_files(media_root)
    bodies = {a.pk: a.body for a in Article.objects.all()}
    report = import_wxr(EXPORT, media_dir=uploads)
    assert Image.objects.count() == 3
    assert stored_files(media_root) == files
    assert {a.pk: a.body for a in Article.objects.all()} == bodies
    assert report.unchanged == 2
    assert report.counts["pictures added to the library"] == 0
    assert report.failed == 3  # the missing and refused files are reported again


def test_a_later_run_with_media_dir_rewrites_articles_imported_without_it(db, uploads):
    import_wxr(EXPORT)
    assert "wp-content/uploads/2019/05/souk-300x200.jpg" in article(301).body
    report = import_wxr(EXPORT, media_dir=uploads)
    assert report.unchanged == 2
    assert image_of(201).fallback_url in article(301).body
    assert article(301).lead_image == image_of(201)


def test_a_deleted_library_image_is_imported_again(db, uploads):
    import_wxr(EXPORT, media_dir=uploads)
    Article.objects.update(lead_image=None)
    image_of(205).delete()
    report = import_wxr(EXPORT, media_dir=uploads)
    assert report.counts["pictures added to the library"] == 1
    assert image_of(205) is not None


def test_dry_run_writes_no_row_and_no_file(db, uploads, media_root):
    report = import_wxr(EXPORT, media_dir=uploads, dry_run=True)
    assert report.counts["pictures added to the library"] == 3
    assert report.failed == 3
    assert not Image.objects.exists()
    assert not Article.objects.exists()
    assert stored_files(media_root) == []


def test_atomic_run_rolled_back_removes_the_stored_files(db, uploads, media_root):
    report = import_wxr(EXPORT, media_dir=uploads, atomic=True)
    assert report.rolled_back
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_command_exits_1_when_a_file_failed(run_command, uploads):
    code, out, err = run_command("import_wxr", str(EXPORT), "--media-dir", str(uploads))
    assert code == 1
    assert "attachment 203 (2019/06/missing.jpg)" in err
    assert "pictures added to the library: 3" in out


def test_command_exits_2_and_writes_nothing_without_the_media_directory(run_command, tmp_path):
    code, _out, err = run_command(
        "import_wxr", str(EXPORT), "--media-dir", str(tmp_path / "nowhere")
    )
    assert code == 2
    assert "nowhere" in err
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("src", "key"),
    [
        ("https://old.example.ma/wp-content/uploads/2019/05/a-300x200.jpg", "2019/05/a.jpg"),
        ("/wp-content/uploads/2019/05/a-scaled.JPG", "2019/05/a.jpg"),
        ("https://x.ma/wp-content/uploads/2019/05/a-e1556012345678-1024x768.jpg", "2019/05/a.jpg"),
        ("https://x.ma/wp-content/uploads/2019/05/%D8%B3%D9%88%D9%82.jpg", "2019/05/سوق.jpg"),
        ("https://x.ma/images/a.jpg", ""),
    ],
)
def test_upload_addresses_reduce_to_the_attached_file(src, key):
    assert upload_key(src) == key


def test_attached_file_with_size_like_name_is_matched_the_same_way():
    assert canonical_key("2019/05/a-300x200.jpg") == upload_key("/wp-content/uploads/2019/05/a.jpg")


def test_credit_is_read_from_the_serialised_metadata_else_copyright():
    assert serialised_credit('s:6:"credit";s:0:"";s:9:"copyright";s:3:"AFP";') == "AFP"
    assert serialised_credit("") == ""


def gallery_export(tmp_path, gallery='[gallery ids="201,202,203"]'):
    """The media export with a gallery in post 301, which precedes its attachments."""
    path = tmp_path / "gallery-export.xml"
    path.write_text(
        EXPORT.read_text(encoding="utf-8").replace(
            "خريطة السوق[/caption]", f"خريطة السوق[/caption]\n\n{gallery}"
        ),
        encoding="utf-8",
    )
    return path


def test_a_gallery_shows_the_library_pictures_of_its_attachments(db, uploads, tmp_path):
    report = import_wxr(gallery_export(tmp_path), media_dir=uploads)
    body = article(301).body
    assert "[gallery" not in body
    gallery = body[body.index('<figure class="gallery">') :]
    assert gallery.index(image_of(201).fallback_url) < gallery.index(image_of(202).fallback_url)
    assert "التجار في الصباح الباكر" in gallery  # the picture's caption
    assert "Hamid Zaki" in gallery  # and its credit
    shown = body_with_pictures(body)
    assert shown.count("<picture>") == 4  # two in the body, two in the gallery
    assert report.counts["galleries made from library pictures"] == 1
    assert report.counts["pictures in galleries"] == 2
    # 203's file is missing: dropped from the gallery and named.
    assert report.counts["gallery pictures dropped (attachment not in the library)"] == 1
    assert any("301 (203)" in note for note in report.notes)


def test_a_gallery_imported_without_media_dir_is_filled_by_a_later_run_with_it(
    db, uploads, tmp_path
):
    export = gallery_export(tmp_path)
    first = import_wxr(export)
    assert "gallery" not in article(301).body
    assert first.counts["gallery pictures dropped (attachment not in the library)"] == 3
    import_wxr(export, media_dir=uploads)
    assert '<figure class="gallery">' in article(301).body
    assert image_of(202).fallback_url in article(301).body


def test_an_edited_body_keeps_the_editor_s_text_when_pictures_arrive(db, uploads, tmp_path):
    export = gallery_export(tmp_path)
    import_wxr(export)
    Article.objects.filter(source_id="301").update(
        body="<p>نص المحرر</p>", search_text=article_search_text("", "<p>نص المحرر</p>")
    )
    import_wxr(export, media_dir=uploads)
    assert article(301).body == "<p>نص المحرر</p>"


def test_a_gallery_without_ids_shows_the_post_s_attachments_from_an_earlier_run(
    db, uploads, tmp_path
):
    import_wxr(EXPORT, media_dir=uploads)
    changed = gallery_export(tmp_path, gallery="[gallery]")
    report = import_wxr(changed)  # no --media-dir: the library already has the pictures
    assert report.updated == 1
    assert article(301).body.count('<figure class="gallery">') == 1
    assert report.counts["pictures in galleries"] == 2
