"""delete_orphan_image_files: files under images/ that no library image uses."""

import os
import time
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.images.orphans import find_and_delete_orphan_image_files

from .conftest import stored_files

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def write(media_root, name, data=b"x" * 1000, age_seconds=2 * DAY):
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


@pytest.fixture
def library(make_image, media_root):
    """Two library images, a killed upload's leftovers, a fresh file and a file elsewhere."""
    images = [make_image(), make_image(size=(640, 480))]
    for path in media_root.rglob("*"):
        if path.is_file():
            os.utime(path, (time.time() - 3 * DAY,) * 2)
    lost = uuid.uuid4()
    orphans = [
        write(media_root, f"images/originals/{lost}.jpg", b"o" * 3000),
        write(media_root, f"images/renditions/{lost}/w320.jpg"),
        write(media_root, f"images/renditions/{lost}/w320.webp"),
        # An old crop of a kept image (its focal point moved) whose deletion was lost.
        write(media_root, f"images/renditions/{images[0].key}/share-100-100.jpg"),
    ]
    fresh = write(media_root, f"images/originals/{uuid.uuid4()}.png", age_seconds=600)
    elsewhere = write(media_root, "authors/portrait.jpg")
    return {"images": images, "orphans": orphans, "fresh": fresh, "elsewhere": elsewhere}


def used_files(images, media_root):
    return {
        media_root / name
        for image in images
        for name in [image.file.name, *(e["name"] for e in image.renditions.values())]
    }


def test_only_old_files_that_no_image_uses_are_deleted(library, media_root):
    before = set(stored_files(media_root))

    report = find_and_delete_orphan_image_files()

    after = set(stored_files(media_root))
    assert before - after == set(library["orphans"])
    assert used_files(library["images"], media_root) <= after
    assert library["fresh"] in after and library["elsewhere"] in after
    assert len(report.deleted) == 4
    assert report.orphan_bytes == 3000 + 3 * 1000
    assert report.too_recent == 1
    assert report.used == len(used_files(library["images"], media_root))
    assert report.scanned == report.used + 4 + 1
    # The emptied folder of the lost upload goes too; the kept image's folder stays.
    assert not (media_root / "images" / "renditions" / library["orphans"][0].stem).exists()
    assert (media_root / "images" / "renditions" / str(library["images"][0].key)).is_dir()
    assert (media_root / "images" / "renditions").is_dir()


def test_a_dry_run_lists_them_and_deletes_nothing(library, media_root, capsys):
    before = stored_files(media_root)

    call_command("delete_orphan_image_files", "--dry-run")

    assert stored_files(media_root) == before
    out = capsys.readouterr().out
    for path in library["orphans"]:
        assert f"would delete {path.relative_to(media_root)}" in out
    assert "4 orphaned (0.0 MB)" in out
    assert "1 younger than 24 hours kept" in out
    assert "dry run, deleted nothing" in out


def test_the_command_reports_what_it_deleted(library, media_root, capsys):
    call_command("delete_orphan_image_files", "--older-than", "0")

    out = capsys.readouterr().out
    # With no age limit the fresh file goes too.
    assert "5 orphaned" in out and "deleted 5 files" in out
    assert library["fresh"] not in stored_files(media_root)
    assert used_files(library["images"], media_root) <= set(stored_files(media_root))


def test_older_than_is_in_hours(library, media_root):
    report = find_and_delete_orphan_image_files(dry_run=True, older_than=timedelta(hours=72))

    assert report.orphans == [] and report.too_recent == 5


def test_a_negative_age_is_refused():
    with pytest.raises(CommandError):
        call_command("delete_orphan_image_files", "--older-than", "-1")


def test_an_empty_storage_is_fine(media_root, capsys):
    call_command("delete_orphan_image_files")

    assert "scanned 0 files" in capsys.readouterr().out


def test_a_file_that_cannot_be_deleted_fails_the_command(library, media_root, monkeypatch):
    from django.core.files.storage import default_storage

    real_delete = default_storage.delete

    def delete(name):
        if name.endswith("w320.webp"):
            raise PermissionError(13, "Permission denied", name)
        real_delete(name)

    monkeypatch.setattr(default_storage, "delete", delete)

    with pytest.raises(CommandError, match="1 files could not be checked or deleted"):
        call_command("delete_orphan_image_files")

    assert [p.name for p in set(library["orphans"]) & set(stored_files(media_root))] == [
        "w320.webp"
    ]
