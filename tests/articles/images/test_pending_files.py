"""Files written inside a transaction that rolls back are deleted; committed ones stay.

These tests need real commits and rollbacks, so they run outside the test case's own
transaction (transaction=True).
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import transaction
from django.urls import reverse

from articles.images.admin import ImageAdmin
from articles.images.pending_files import (
    delete_rolled_back_files,
    files_deleted_unless_committed,
    pending_file_names,
)
from articles.images.services import image_create_from_file, image_update
from articles.models import Image
from tests.sign_in import sign_in

from .conftest import encoded, picture, stored_files

pytestmark = pytest.mark.django_db(transaction=True)


class LaterStepFailed(Exception):
    pass


def add_image(**fields):
    fields.setdefault("alt_text", "مركب صيد في ميناء الحسيمة")
    fields.setdefault("credit", "مصور الجريدة")
    return image_create_from_file(
        file=io.BytesIO(encoded(picture((700, 500)), "JPEG")), filename="photo.jpg", **fields
    )


def image_files(image):
    return {image.file.name, *(entry["name"] for entry in image.renditions.values())}


def relative(paths, media_root):
    return {str(path.relative_to(media_root)) for path in paths}


def test_an_admin_upload_rolled_back_by_a_later_step_leaves_no_file(
    client, media_root, monkeypatch
):
    # The image is saved (files and row), then the admin's log entry fails: the page's
    # transaction rolls back, and the files must not stay behind.
    def failing_log(*args, **kwargs):
        raise LaterStepFailed

    monkeypatch.setattr(ImageAdmin, "log_addition", failing_log)
    user = get_user_model().objects.create_superuser("chief", "chief@example.ma", "pw-123456")
    client = sign_in(client, user)

    with pytest.raises(LaterStepFailed):
        client.post(
            reverse("admin:articles_image_add"),
            {
                "upload": SimpleUploadedFile("p.jpg", encoded(picture((900, 600)), "JPEG")),
                "alt_text": "وصف",
                "caption": "",
                "credit": "الجريدة",
                "focal_x": "0.5",
                "focal_y": "0.5",
            },
        )

    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_same_upload_without_the_failure_keeps_its_files(client, media_root):
    user = get_user_model().objects.create_superuser("chief", "chief@example.ma", "pw-123456")

    response = sign_in(client, user).post(
        reverse("admin:articles_image_add"),
        {
            "upload": SimpleUploadedFile("p.jpg", encoded(picture((900, 600)), "JPEG")),
            "alt_text": "وصف",
            "caption": "",
            "credit": "الجريدة",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert relative(stored_files(media_root), media_root) == image_files(image)


def test_files_of_a_rolled_back_savepoint_go_while_the_committed_ones_stay(media_root):
    with files_deleted_unless_committed(), transaction.atomic():
        kept = add_image(alt_text="تبقى")
        try:
            with transaction.atomic():
                add_image(alt_text="تذهب")
                raise LaterStepFailed
        except LaterStepFailed:
            pass
        # Nothing is decided before the transaction ends.
        assert len(stored_files(media_root)) == 2 * len(image_files(kept))

    assert list(Image.objects.values_list("alt_text", flat=True)) == ["تبقى"]
    assert relative(stored_files(media_root), media_root) == image_files(kept)
    assert pending_file_names() == []


def test_a_transaction_rolled_back_without_an_exception_leaves_no_file(media_root):
    with files_deleted_unless_committed(), transaction.atomic():
        add_image()
        transaction.set_rollback(True)

    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_end_of_a_request_sweeps_what_a_rollback_left(media_root):
    # Code that opened its own transaction without the helper: the request's end cleans up.
    with pytest.raises(LaterStepFailed), transaction.atomic():
        add_image()
        raise LaterStepFailed
    assert stored_files(media_root) != []

    request_finished.send(sender=None)

    assert stored_files(media_root) == []


def test_nothing_is_swept_while_the_transaction_is_still_open(media_root):
    with transaction.atomic():
        image = add_image()
        assert delete_rolled_back_files() == []
        assert relative(stored_files(media_root), media_root) == image_files(image)


def test_a_committed_image_keeps_its_files_even_if_its_commit_callback_was_lost(media_root):
    # An earlier on-commit callback raises: Django runs no later callback, so the ledger still
    # lists the image's files after the commit. The sweep sees the row and keeps them.
    def broken_callback():
        raise LaterStepFailed

    with pytest.raises(LaterStepFailed), transaction.atomic():
        transaction.on_commit(broken_callback)
        image = add_image()

    assert Image.objects.filter(pk=image.pk).exists()
    assert delete_rolled_back_files() == []
    assert relative(stored_files(media_root), media_root) == image_files(image)


def test_new_crops_of_a_rolled_back_focal_change_go_and_the_old_ones_stay(media_root):
    image = add_image()
    before = image_files(image)

    with (
        files_deleted_unless_committed(),
        pytest.raises(LaterStepFailed),
        transaction.atomic(),
    ):
        image_update(
            image=image,
            alt_text=image.alt_text,
            caption=image.caption,
            credit=image.credit,
            focal_x=0.1,
            focal_y=0.9,
        )
        raise LaterStepFailed

    image.refresh_from_db()
    assert image_files(image) == before
    assert relative(stored_files(media_root), media_root) == before


def test_an_upload_outside_any_transaction_is_kept_at_once(media_root):
    image = add_image()

    assert pending_file_names() == []
    request_finished.send(sender=None)
    assert relative(stored_files(media_root), media_root) == image_files(image)
