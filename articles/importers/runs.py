"""How a whole import run is wrapped: plainly, all-or-nothing (`--atomic`) or as a dry run."""

from contextlib import nullcontext

from django.db import transaction

from articles.signals import send_articles_imported


def run_import(report, work, *, dry_run=False, atomic=False, one_transaction=False):
    """Call `work()`; roll everything back for a dry run, or for `--atomic` when an item failed.

    A dry run does the real work inside a transaction that is then rolled back, so what it
    reports is exactly what a real run would do. `one_transaction` runs even a plain import in
    one transaction, so that an exception from `work()` (input found unusable half-way) keeps
    nothing; items still succeed or fail one by one in their savepoints.
    """
    report.dry_run = dry_run
    if not (dry_run or atomic or one_transaction):
        work()
        _announce(report)
        return report
    with transaction.atomic():
        work()
        if atomic and report.failures:
            report.rolled_back = True
        if dry_run or report.rolled_back:
            transaction.set_rollback(True)
        else:
            _announce(report)
    return report


def _announce(report):
    """Once the run's writes are committed, tell the caches that new articles exist (the
    articles are written in bulk, without a signal each)."""
    if report.created:
        transaction.on_commit(lambda: send_articles_imported(report.created))


def progress_bar(total, *, enabled, unit):
    """A tqdm progress bar on a terminal; a do-nothing stand-in otherwise."""
    if not enabled:
        return nullcontext(None)
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, dynamic_ncols=True)
