"""Back up the site (PostgreSQL dump + media archive + manifest) and restore it elsewhere.

A backup is a folder `<BACKUP_DIR>/<UTC timestamp>/` holding:

- `database.dump` — `pg_dump --format=custom` of the whole database;
- `media.tar.gz` — every uploaded file: those under MEDIA_ROOT, or every object of the media
  storage when it is not the file system (S3), downloaded through the storage API;
- `manifest.json` — when, which database, the row count of every table, and the sha256 of the
  two files above.

The row counts are taken inside the dump's own snapshot: a REPEATABLE READ transaction exports
its snapshot (`pg_export_snapshot()`), counts in it, and `pg_dump --snapshot` dumps that same
state while the transaction stays open. A site that keeps publishing during the backup still
gets a backup whose restore matches its manifest.

A backup holds every secret the database does (password hashes, TOTP secrets, backup codes,
live sessions): the folder is created 0700 and every file in it 0600, whatever the umask.

Restoring checks every checksum, refuses a database that already has tables, loads the dump
with `pg_restore`, unpacks the media and compares every table's row count with the manifest.
The counts cover every table there is, so tables added later are checked without change here.

PostgreSQL only: SQLite is the zero-setup development database, and a copy of its one file is
its backup.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.core.files.storage import FileSystemStorage
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
        return _count_rows(conn)


def _count_rows(conn):
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


def _run(command, env, *, stdout=None):
    result = subprocess.run(
        command, env=env, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


def _private_file(path):
    """A new file only its owner can read (0600, whatever the umask), opened for writing."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _private_folder(path):
    path.mkdir(mode=0o700, parents=True)
    path.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened; set it outright


def is_local(storage):
    return storage is None or isinstance(storage, FileSystemStorage)


def stored_files(storage, top=""):
    """Every file name in `storage`, walked through its API (an object store alike)."""
    directories, files = storage.listdir(top)
    for name in sorted(files):
        yield f"{top}/{name}" if top else name
    for directory in sorted(directories):
        yield from stored_files(storage, f"{top}/{directory}" if top else directory)


def _archive_media(archive, *, media_root, storage):
    """Add every uploaded file to `archive`; returns how many and where they came from."""
    if is_local(storage):
        media_root = Path(media_root)
        count = 0
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                archive.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)
                count += path.is_file()
        return count, f"file system {media_root}"
    count = 0
    try:
        for name in stored_files(storage):
            with storage.open(name, "rb") as source:
                data = source.read()
            member = tarfile.TarInfo(name)
            member.size = len(data)
            member.mode = 0o644
            member.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(member, io.BytesIO(data))
            count += 1
    except Exception as error:
        raise BackupError(
            f"The media files could not be read from {type(storage).__name__}"
            f"{_bucket(storage)}: {error}. No backup was written."
        ) from error
    return count, f"{type(storage).__name__}{_bucket(storage)}"


def _bucket(storage):
    bucket = getattr(storage, "bucket_name", None)
    return f" (bucket {bucket})" if bucket else ""


def backup_site(*, db_settings, media_root, backup_dir, storage=None, now=None):
    """Write a backup folder under `backup_dir` and return its path.

    `storage`: where uploaded files live (the default storage); None or a file-system storage
    means the files under `media_root`.
    """
    _require_postgresql(db_settings)
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is missing: install postgresql-client.")
    now = now or datetime.now(UTC)
    backup_dir = Path(backup_dir)
    folder = backup_dir / now.strftime("%Y%m%dT%H%M%SZ")
    if folder.exists():
        raise BackupError(f"{folder} already exists; not overwriting a backup.")
    if not backup_dir.exists():
        _private_folder(backup_dir)
    _private_folder(folder)
    try:
        counts = _dump_database(db_settings, folder / DATABASE_DUMP)
        with (
            _private_file(folder / MEDIA_ARCHIVE) as raw,
            tarfile.open(fileobj=raw, mode="w:gz") as archive,
        ):
            media_count, media_source = _archive_media(
                archive, media_root=media_root, storage=storage
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # no half backup that looks like a whole one
        raise

    manifest = {
        "created_at": now.isoformat(),
        "database": db_settings["NAME"],
        "tables": counts,
        "media": {"source": media_source, "files": media_count},
        "files": {name: sha256_of(folder / name) for name in (DATABASE_DUMP, MEDIA_ARCHIVE)},
    }
    with _private_file(folder / MANIFEST) as handle:
        handle.write((json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return folder


def _dump_database(db_settings, path):
    """Dump the database into `path`; returns the row counts of the dumped state.

    The counting transaction exports its snapshot and stays open while pg_dump runs in it, so
    rows written meanwhile are in neither the counts nor the dump.
    """
    with _connect(db_settings) as conn:
        conn.autocommit = False
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _count_rows(conn)
        with _private_file(path) as dump:
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    db_settings["NAME"],
                ],
                _client_environment(db_settings),
                stdout=dump,
            )
        conn.rollback()
    return counts


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


def _restore_media(path, *, media_root, storage):
    with tarfile.open(path, "r:gz") as archive:
        if is_local(storage):
            media_root = Path(media_root)
            media_root.mkdir(parents=True, exist_ok=True)
            # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
            archive.extractall(media_root, filter="data")
            return
        for member in archive:
            if not member.isfile():
                continue
            tarfile.data_filter(member, "/nonexistent")  # the same refusals, for object names
            saved = storage.save(member.name, archive.extractfile(member))
            if saved != member.name:
                raise BackupError(
                    f"{member.name} already exists in the media storage{_bucket(storage)}; "
                    "restore into an empty bucket."
                )


def restore_site(*, folder, db_settings, media_root, storage=None):
    """Load the backup in `folder` into an EMPTY database and unpack its media files (into
    `media_root`, or into `storage` when it is not the file system).

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
    _restore_media(folder / MEDIA_ARCHIVE, media_root=media_root, storage=storage)

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
