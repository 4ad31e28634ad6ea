"""The editor admin, one module per screen. Importing them registers their ModelAdmins."""

import articles.admin.articles
import articles.admin.audit
import articles.admin.comments
import articles.admin.home
import articles.admin.notifications
import articles.admin.pages
import articles.admin.redirects
import articles.admin.scheduled_updates
import articles.admin.site_settings
import articles.admin.taxonomy  # noqa: F401
