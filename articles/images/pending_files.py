"""Files written during a database transaction are kept only if that transaction commits.

Storage is not transactional. The image services write a picture's files first and its row
last; when the row is rolled back afterwards — a later step of the same admin request fails,
a surrounding savepoint is rolled back — the files must go too, or they stay in storage with
nothing pointing at them.

How: right after writing, the services call `keep_only_if_committed(names)`. Outside any
atomic block there is nothing to wait for (the row is saved in its own transaction, whose
failure the service handles itself). Inside one, the names wait in a ledger of the connection,
and an on-commit callback takes them off it. Django discards that callback when the savepoint
or transaction it was registered in rolls back, so whatever is still in the ledger once the
connection has left every atomic block belongs to a rollback. `delete_rolled_back_files()`
then deletes it — but only files that no committed Image row references, so a callback lost
for another reason (an earlier on-commit callback that raised) never costs a real picture.

The sweep runs at the end of every request (`request_finished`), and at the end of a
`files_deleted_unless_committed()` block, which code running its own transaction wraps around
it (the image admin's add and change pages do). A process killed between writing and
committing leaves files no sweep sees: `manage.py delete_orphan_image_files` finds those.
"""

import itertools
import logging
import weakref
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)

# connection -> {token: [file names]}; one ledger per connection (each thread has its own).
_ledgers = weakref.WeakKeyDictionary()
_tokens = itertools.count()


def _ledger(connection):
    return _ledgers.setdefault(connection, {})


def keep_only_if_committed(names, *, using=DEFAULT_DB_ALIAS):
    """Have `names` (just written to the default storage) deleted if the current transaction,
    or the savepoint they were written in, rolls back."""
    names = [name for name in names if name]
    connection = transaction.get_connection(using)
    if not names or not connection.in_atomic_block:
        return
    ledger = _ledger(connection)
    token = next(_tokens)
    ledger[token] = names
    transaction.on_commit(lambda: ledger.pop(token, None), using=using)


def pending_file_names(*, using=DEFAULT_DB_ALIAS):
    """The names still waiting for their transaction to commit (for tests and the sweep)."""
    ledger = _ledgers.get(transaction.get_connection(using), {})
    return [name for names in ledger.values() for name in names]


def delete_rolled_back_files(*, using=DEFAULT_DB_ALIAS):
    """Delete the files whose transaction rolled back; return their names.

    Does nothing while the connection is still inside an atomic block: the outcome is not
    known yet.
    """
    connection = transaction.get_connection(using)
    ledger = _ledgers.get(connection)
    if not ledger or connection.in_atomic_block:
        return []
    names = [name for names in ledger.values() for name in names]
    ledger.clear()
    used = referenced_names(names)
    orphans = [name for name in names if name not in used]
    for name in orphans:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete rolled-back image file %s", name, exc_info=True)
    if orphans:
        logger.info("Deleted %d image files of a rolled-back transaction", len(orphans))
    return orphans


def referenced_names(names):
    """Those of `names` that a committed Image row uses (its original or a rendition)."""
    from articles.images.publication import LIBRARY_KEY_PATTERN
    from articles.models import Image

    keys = {found.group(1) for name in names if (found := LIBRARY_KEY_PATTERN.search(name))}
    if not keys:
        return set()
    used = set()
    for file_name, renditions in Image.objects.filter(key__in=keys).values_list(
        "file", "renditions"
    ):
        used.add(file_name)
        used.update(entry["name"] for entry in (renditions or {}).values())
    return used


def forget_pending_files():
    """Empty every ledger of this thread without deleting anything: for the test suite, whose
    per-test rollback undoes fixtures, not anyone's upload (their files are in a temporary
    folder that is gone already)."""
    for connection in connections.all(initialized_only=True):
        _ledgers.pop(connection, None)


@contextmanager
def files_deleted_unless_committed(*, using=DEFAULT_DB_ALIAS):
    """Around code that opens its own transaction: when it is over, delete the files written
    in it that a rollback left without a row."""
    try:
        yield
    finally:
        delete_rolled_back_files(using=using)


def delete_rolled_back_files_of_every_connection(**kwargs):
    """`request_finished` receiver (connected in ArticlesConfig.ready)."""
    for connection in connections.all(initialized_only=True):
        delete_rolled_back_files(using=connection.alias)
