import os
import subprocess
import sys
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.files.storage.filesystem import FileSystemStorage

REPO = Path(__file__).resolve().parents[3]

SHOW_STORAGE = (
    "import django; django.setup();"
    "from django.core.files.storage import storages; s = storages['default'];"
    "print(type(s).__name__, s.bucket_name, s.querystring_auth, s.url('images/x.jpg'))"
)


def test_images_are_stored_on_the_file_system_by_default():
    assert isinstance(default_storage, FileSystemStorage)


def test_s3_storage_is_used_when_configured():
    # A separate process, because settings are read once; nothing is sent to any server.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "true",
        "DJANGO_MEDIA_STORAGE": "s3",
        "DJANGO_S3_BUCKET": "newsroom-media",
        "DJANGO_S3_CUSTOM_DOMAIN": "media.example.ma",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "newsroom-media",
        "False",
        "https://media.example.ma/images/x.jpg",
    ]
