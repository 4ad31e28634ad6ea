"""Strings of Django's admin that Django's `ar` catalogue leaves in English.

Listed here so that `makemessages` keeps them in our catalogue (locale/ar_MA), which gives
them in Moroccan Arabic; the msgids are exactly Django's (templates' `blocktranslate` turns
`{{ name }}` into `%(name)s`). A test renders the article admin for an editor and checks that
none of them shows in English. Nothing needs to import this module.
"""

from django.utils.translation import gettext_noop

ADMIN_STRINGS = [
    gettext_noop("Run"),  # the button of the bulk actions (admin/actions.html)
    gettext_noop("Filter by %(field_name)s"),  # admin/date_hierarchy.html
    gettext_noop("Pagination %(name)s"),  # admin/pagination.html
    gettext_noop("Pagination %(name)s entries"),  # admin/object_history.html
    gettext_noop("Search %(name)s"),  # admin/search_form.html
    gettext_noop("- Select an option -"),  # empty choice of select fields (django.db.models)
]
