"""The editor admin, one module per screen. Importing them registers their ModelAdmins."""

import articles.admin.articles  # noqa: F401
