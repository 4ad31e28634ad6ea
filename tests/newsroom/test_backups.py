"""A populated site backed up and restored into a fresh database comes back whole."""

import io
import json
import os
import stat
import threading
import uuid

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from articles.images.services import image_create_from_file
from articles.models import Article, Redirect
from articles.services.revisions import revision_create
from newsroom.backups import BackupError, backup_site, restore_site

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="backups use pg_dump/pg_restore: run with DATABASE_URL=postgres://… to test them",
)


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    params = connection.settings_dict
    name = f"{params['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**params, "NAME": name}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def populated_site(transactional_db, settings, tmp_path, make_article, make_author):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = SimpleUploadedFile("وجه.png", png_bytes(), content_type="image/png")
    reporter = make_author(name="سعاد الإدريسي", bio="صحافية تحقيقات.", photo=photo)
    articles = [make_article(authors=[reporter, make_author()]) for _ in range(3)]
    Redirect.objects.create(old_path="/2019/05/مقال-قديم/", article=articles[0])
    revision_create(article=articles[0], note="أول نسخة")
    picture = image_create_from_file(
        file=io.BytesIO(png_bytes()), filename="صورة.png", alt_text="وصف", credit="وكالة"
    )
    return {"articles": articles, "photo": reporter.photo, "picture": picture}


def rows(db_settings, query):
    with psycopg.connect(
        dbname=db_settings["NAME"],
        host=db_settings["HOST"] or None,
        port=db_settings["PORT"] or None,
        user=db_settings["USER"] or None,
    ) as conn:
        return sorted(conn.execute(query).fetchall())


@on_postgresql
def test_a_backup_restores_every_article_author_redirect_and_media_file(
    populated_site, fresh_database, tmp_path
):
    source = connection.settings_dict
    folder = backup_site(
        db_settings=source, media_root=tmp_path / "media", backup_dir=tmp_path / "backups"
    )
    manifest = json.loads((folder / "manifest.json").read_text())

    counts = restore_site(
        folder=folder, db_settings=fresh_database, media_root=tmp_path / "restored-media"
    )

    assert counts == manifest["tables"]
    assert manifest["tables"]["articles_article"] == 3
    assert manifest["database"] == source["NAME"]
    for query in (
        "SELECT id, headline, slug, body, status FROM articles_article",
        "SELECT article_id, author_id, position FROM articles_byline",
        "SELECT id, name, slug, bio, photo FROM authors_author",
        "SELECT old_path, article_id FROM articles_redirect",
        "SELECT id, article_id, number, content::text FROM articles_revision",
        "SELECT id, file, alt_text, credit, renditions::text FROM articles_image",
    ):
        assert rows(fresh_database, query) == rows(source, query), query
    assert manifest["tables"]["articles_revision"] == 1
    assert manifest["tables"]["articles_image"] == 1
    picture = populated_site["picture"]
    stored = [picture.file.name, *(entry["name"] for entry in picture.renditions.values())]
    for name in [populated_site["photo"].name, *stored]:
        restored = tmp_path / "restored-media" / name
        assert restored.read_bytes() == (tmp_path / "media" / name).read_bytes(), name


@on_postgresql
def test_restore_refuses_a_database_that_is_not_empty(populated_site, tmp_path):
    source = connection.settings_dict
    folder = backup_site(
        db_settings=source, media_root=tmp_path / "media", backup_dir=tmp_path / "backups"
    )

    with pytest.raises(BackupError, match="is not empty"):
        restore_site(folder=folder, db_settings=source, media_root=tmp_path / "elsewhere")

    assert not (tmp_path / "elsewhere").exists()


@on_postgresql
def test_restore_refuses_a_damaged_backup(populated_site, fresh_database, tmp_path):
    folder = backup_site(
        db_settings=connection.settings_dict,
        media_root=tmp_path / "media",
        backup_dir=tmp_path / "backups",
    )
    with open(folder / "media.tar.gz", "ab") as archive:
        archive.write(b"tampered")

    with pytest.raises(BackupError, match="damaged"):
        restore_site(folder=folder, db_settings=fresh_database, media_root=tmp_path / "r")

    assert rows(fresh_database, "SELECT tablename FROM pg_tables WHERE schemaname='public'") == []


def test_backups_explain_that_sqlite_is_not_supported(tmp_path):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}

    with pytest.raises(BackupError, match="Backups need PostgreSQL"):
        backup_site(db_settings=sqlite, media_root=tmp_path, backup_dir=tmp_path / "b")


def test_restore_command_reports_a_refusal_as_a_command_error(tmp_path, db):
    expected = (
        "manifest.json is missing"
        if connection.vendor == "postgresql"
        else "Backups need PostgreSQL"
    )

    with pytest.raises(CommandError, match=expected):
        call_command("restore_site", str(tmp_path))


@on_postgresql
def test_a_backup_taken_while_articles_are_written_restores_and_passes_its_check(
    populated_site, fresh_database, tmp_path, make_section
):
    section = make_section()
    writing = threading.Event()
    stop = threading.Event()
    written = []

    def write_articles():
        try:
            while not stop.is_set():
                written.append(
                    Article.objects.create(
                        section=section, headline=f"خبر عاجل {len(written)}", status="draft"
                    ).pk
                )
                writing.set()
        finally:
            connection.close()

    writer = threading.Thread(target=write_articles)
    writer.start()
    try:
        assert writing.wait(10)
        folder = backup_site(
            db_settings=connection.settings_dict,
            media_root=tmp_path / "media",
            backup_dir=tmp_path / "backups",
        )
        during = len(written)
    finally:
        stop.set()
        writer.join(30)

    counts = restore_site(folder=folder, db_settings=fresh_database, media_root=tmp_path / "r")

    assert len(written) > during > 0  # articles were written before, during and after the dump
    assert 3 < counts["articles_article"] < 3 + len(written)


@on_postgresql
def test_backups_are_private_whatever_the_umask(populated_site, tmp_path):
    previous = os.umask(0o022)
    try:
        folder = backup_site(
            db_settings=connection.settings_dict,
            media_root=tmp_path / "media",
            backup_dir=tmp_path / "backups",
        )
    finally:
        os.umask(previous)

    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(path.name for path in folder.iterdir())
    assert files == ["database.dump", "manifest.json", "media.tar.gz"]
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
