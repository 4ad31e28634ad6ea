"""The spam and abuse rules of readers' comments (filled in by part 3 of issue 20)."""


def check(*, article, submission, address_hash, form_seconds, honeypot, site_settings, now):
    """Raise CommentRefused when the submission breaks a rule; nothing is stored then."""


def record(*, article, address_hash, submission):
    """Count an accepted submission for the rate limits."""
