"""What happens outside the database when an article's public face changes.

Services register `article_changed_publicly` with `transaction.on_commit`, so hooks run only
once the change is committed, never for a rolled-back one. Later code (cache purge, search
engine pings, push notifications) plugs in with the decorator:

    @on_article_changed_publicly
    def purge_article_pages(article): ...

Hooks are module-level functions registered at import time (no state shared between
processes); each should be quick and must not raise for a network hiccup.
"""

import logging

logger = logging.getLogger(__name__)

_hooks = []


def on_article_changed_publicly(hook):
    """Register `hook(article)` to run after an article's public state changed (decorator)."""
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def remove_hook(hook):
    if hook in _hooks:
        _hooks.remove(hook)


def article_changed_publicly(article):
    """Run every registered hook for `article`; one failing hook does not stop the others."""
    for hook in list(_hooks):
        try:
            hook(article)
        except Exception:
            logger.exception("Hook %r failed for article %s", hook, article.pk)
