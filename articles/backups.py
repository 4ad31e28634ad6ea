"""Back up the site (PostgreSQL dump + media archive + manifest) and restore it elsewhere.

A backup is a folder `<BACKUP_DIR>/<UTC timestamp>/` holding:

- `database.dump` — `pg_dump --format=custom` of the whole database;
- `media.tar.gz` — every file under MEDIA_ROOT;
- `manifest.json` — when, which database, the row count of every table, and the sha256 of the
  two files above.

Restoring checks every checksum, refuses a database that already has tables, loads the dump
with `pg_restore`, unpacks the media and compares every table's row count with the manifest.
The counts cover every table there is, so tables added later are checked without change here.

PostgreSQL only: SQLite is the zero-setup development database, and a copy of its one file is
its backup.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
MEDIA_ARCHIVE = "media.tar.gz"
POSTGRESQL = "django.db.backends.postgresql"


class BackupError(Exception):
    """A backup or a restore that cannot go ahead; the message says why."""


def _require_postgresql(db_settings):
    if db_settings["ENGINE"] != POSTGRESQL:
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL=postgres://…); this database is "
            f"{db_settings['ENGINE']}. For SQLite, copy the database file while the site is stopped."
        )


def _client_environment(db_settings):
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db_settings.get(key):
            env[name] = str(db_settings[key])
    if db_settings.get("PASSWORD"):
        env["PGPASSWORD"] = db_settings["PASSWORD"]
    return env


def _connect(db_settings):
    return psycopg.connect(
        dbname=db_settings["NAME"],
        host=db_settings.get("HOST") or None,
        port=db_settings.get("PORT") or None,
        user=db_settings.get("USER") or None,
        password=db_settings.get("PASSWORD") or None,
        autocommit=True,
    )


def table_row_counts(db_settings):
    """{table: rows} for every table in the database's public schema."""
    with _connect(db_settings) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


def backup_site(*, db_settings, media_root, backup_dir, now=None):
    """Write a backup folder under `backup_dir` and return its path."""
    _require_postgresql(db_settings)
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is missing: install postgresql-client.")
    now = now or datetime.now(UTC)
    folder = Path(backup_dir) / now.strftime("%Y%m%dT%H%M%SZ")
    if folder.exists():
        raise BackupError(f"{folder} already exists; not overwriting a backup.")
    folder.mkdir(parents=True)

    # Counted before the dump; the manifest is the checklist a restore is compared with, so
    # the site should be quiet (or read-only) while a backup runs.
    counts = table_row_counts(db_settings)
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={folder / DATABASE_DUMP}",
            db_settings["NAME"],
        ],
        _client_environment(db_settings),
    )
    media_root = Path(media_root)
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                archive.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)

    manifest = {
        "created_at": now.isoformat(),
        "database": db_settings["NAME"],
        "tables": counts,
        "files": {name: sha256_of(folder / name) for name in (DATABASE_DUMP, MEDIA_ARCHIVE)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return folder


def read_manifest(folder):
    """The manifest of the backup in `folder`, once every file's checksum has been verified."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: {MANIFEST} is missing.") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"{folder / MANIFEST} is not valid JSON: {error}") from None
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if sha256_of(path) != expected:
            raise BackupError(f"{path} does not match its checksum in {MANIFEST}: it is damaged.")
    return manifest


def restore_site(*, folder, db_settings, media_root):
    """Load the backup in `folder` into an EMPTY database and unpack its media files.

    Returns {table: rows} as restored; raises BackupError if anything differs from the manifest.
    """
    _require_postgresql(db_settings)
    manifest = read_manifest(folder)
    folder = Path(folder)
    existing = table_row_counts(db_settings)
    if existing:
        raise BackupError(
            f"Database {db_settings['NAME']} is not empty ({len(existing)} tables). Restore only "
            "into a new, empty database: createdb NAME, then point DATABASE_URL at it."
        )
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={db_settings['NAME']}",
            str(folder / DATABASE_DUMP),
        ],
        _client_environment(db_settings),
    )
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_ARCHIVE, "r:gz") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
        archive.extractall(media_root, filter="data")

    restored = table_row_counts(db_settings)
    if restored != manifest["tables"]:
        differences = sorted(
            table
            for table in set(restored) | set(manifest["tables"])
            if restored.get(table) != manifest["tables"].get(table)
        )
        raise BackupError(
            f"Restored row counts differ from the manifest in: {', '.join(differences)}"
        )
    # The settings row is cached (SiteSettings.load): the restored one replaces it.
    from articles.models import SiteSettings

    SiteSettings.forget_cached()
    return restored
