"""Pictures on S3, end to end, against an S3-compatible server started here (moto's server mode,
`moto_server`): the admin's upload gate writes the original and its renditions to the bucket,
their public URLs answer, orphan files are deleted, and a backup holds every object and puts
them back into an empty bucket (docs/operations.md, "Media on S3")."""

import json
import shutil
import subprocess
import sys
import tarfile
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from storages.backends.s3 import S3Storage

from articles.images.orphans import find_and_delete_orphan_image_files
from articles.models import Image
from newsroom.backups import BackupError, backup_site, restore_site
from tests.deploy.stack import free_port, wait_for_port
from tests.newsroom.test_backups import fresh_database  # noqa: F401  (a fixture)
from tests.sign_in import sign_in

from .conftest import encoded, picture
from .test_admin import upload

moto_server = shutil.which("moto_server", path=str(Path(sys.executable).parent))
pytestmark = [
    pytest.mark.skipif(moto_server is None, reason="moto[server] is not installed (make)"),
    pytest.mark.django_db(transaction=True),
]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="backups use pg_dump/pg_restore: run with DATABASE_URL=postgres://… to test them",
)


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen(
        [moto_server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_options(endpoint, bucket):
    """The storage options settings.py builds from DJANGO_MEDIA_STORAGE=s3."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "custom_domain": None,
        "querystring_auth": False,
        "default_acl": None,
        "file_overwrite": False,
    }


def new_bucket(endpoint):
    """A bucket whose pictures anyone may read, as docs/operations.md tells operators to set."""
    name = f"newsroom-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
    return name


def public_read_policy(bucket):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/images/*",
            }
        ],
    }


@pytest.fixture
def on_s3(settings, s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = new_bucket(s3_endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(s3_endpoint, bucket),
        },
    }
    return bucket


def objects(endpoint, bucket):
    listed = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").list_objects_v2(
        Bucket=bucket
    )
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.ma", "pw-123456")
    sign_in(client, user)
    return client


def test_an_upload_through_the_admin_lands_in_the_bucket_and_is_served(
    on_s3, s3_endpoint, editor_client
):
    response = upload(editor_client, encoded(picture((1200, 800)), "JPEG"))

    assert response.status_code == 302
    image = Image.objects.get()
    stored = [image.file.name, *(entry["name"] for entry in image.renditions.values())]
    assert image.renditions
    assert objects(s3_endpoint, on_s3) == sorted(stored)
    for name in stored:
        url = default_storage.url(name)
        assert url.startswith(f"{s3_endpoint}/{on_s3}/"), url
        assert "Signature" not in url  # plain public URLs
        with urllib.request.urlopen(url) as served:
            assert served.status == 200
            assert served.read()[:2] in (b"\xff\xd8", b"RI", b"\x00\x00")  # JPEG, WebP, AVIF


def test_orphan_files_in_the_bucket_are_deleted_and_used_ones_kept(
    on_s3, s3_endpoint, editor_client
):
    upload(editor_client, encoded(picture((800, 600)), "JPEG"))
    image = Image.objects.get()
    orphan = default_storage.save("images/renditions/lost/orphan.webp", ContentFile(b"RIFF"))

    report = find_and_delete_orphan_image_files(older_than=timedelta(0))

    assert report.deleted == [orphan]
    assert orphan not in objects(s3_endpoint, on_s3)
    assert image.file.name in objects(s3_endpoint, on_s3)


@on_postgresql
def test_a_backup_holds_the_bucket_and_restores_it_into_an_empty_one(
    on_s3,
    s3_endpoint,
    editor_client,
    tmp_path,
    fresh_database,  # noqa: F811
):
    upload(editor_client, encoded(picture((800, 600)), "JPEG"))
    stored = objects(s3_endpoint, on_s3)

    folder = backup_site(
        db_settings=connection.settings_dict,
        media_root=tmp_path / "unused",
        storage=default_storage,
        backup_dir=tmp_path / "backups",
    )
    with tarfile.open(folder / "media.tar.gz") as archive:
        assert sorted(archive.getnames()) == stored
    empty = new_bucket(s3_endpoint)
    restore_site(
        folder=folder,
        db_settings=fresh_database,
        media_root=tmp_path / "unused",
        storage=S3Storage(**s3_options(s3_endpoint, empty)),
    )

    assert objects(s3_endpoint, empty) == stored
    for name in stored:
        original = default_storage.open(name).read()
        assert S3Storage(**s3_options(s3_endpoint, empty)).open(name).read() == original


@on_postgresql
def test_a_backup_refuses_when_the_bucket_cannot_be_read(on_s3, s3_endpoint, tmp_path):
    missing = S3Storage(**s3_options(s3_endpoint, "no-such-bucket-here"))

    with pytest.raises(BackupError, match="could not be read from S3Storage .bucket no-such"):
        backup_site(
            db_settings=connection.settings_dict,
            media_root=tmp_path / "unused",
            storage=missing,
            backup_dir=tmp_path / "backups",
        )

    assert list((tmp_path / "backups").iterdir()) == []
