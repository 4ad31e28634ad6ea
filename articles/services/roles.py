"""The newsroom's roles: auth Groups created by a data migration (0004_editorial_roles).

Group names are stored in Arabic so that every admin screen that lists groups (the user form,
filters) reads in Arabic without overrides. Code never spells them out: it uses the
constants, defined with the staff accounts (authors/staff/roles.py) and re-exported here. The
permissions of each role are listed in ROLE_PERMISSIONS, which the migrations apply (0004 the
first lists, 0014 the image library's, 0023 the tags' and guest bylines', 0029 the pages' and
the menu's); DESIGN.md's Workflow table is the source.
"""

from authors.staff.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER

# What a reporter needs to write an article and fill its form (autocomplete of sections, tags
# and authors needs view permission on those models). Changing is narrowed in code to the
# reporter's own drafts (ArticleAdmin.has_change_permission).
_REPORTER = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "articles.view_byline",
    "articles.view_section",
    "articles.view_tag",
    # Tag while writing: a new topic is tagged the night it breaks (articles/services/tags.py).
    "articles.add_tag",
    "authors.view_author",
    # Pictures for their drafts: pick from the library (and the lead image's autocomplete),
    # upload new ones. Changing or deleting a picture other articles use is for editors.
    "articles.view_image",
    "articles.add_image",
    # Pages (about, contact, the legal notice): a reporter drafts; publishing is an editor's.
    "articles.add_page",
    "articles.change_page",
    "articles.view_page",
]
_EDITOR = [
    *_REPORTER,
    "articles.review_article",
    "articles.publish_article",
    "articles.view_statuschange",
    # Fill in a picture's alt text, credit or focal point before publishing.
    "articles.change_image",
    # Merge two spellings or two names of one topic; see who created and merged tags.
    "articles.merge_tag",
    "articles.view_tagchange",
    # A guest writer's or an agency's byline, from the article form.
    "authors.add_guest_author",
    # Readers' comments: the moderation queue, approve, reject, spam, reply as the newspaper.
    "articles.view_comment",
    "articles.moderate_comment",
    "articles.view_commentmoderation",
    # Pages: publish and unpublish them; read who changed them.
    "articles.publish_page",
    "articles.view_pagechange",
]
_EDITOR_IN_CHIEF = [
    *_EDITOR,
    "articles.delete_article",
    "articles.delete_image",
    "articles.delete_comment",
    "articles.add_section",
    "articles.change_section",
    "articles.delete_section",
    "articles.change_tag",
    "articles.delete_tag",
    "articles.add_redirect",
    "articles.change_redirect",
    "articles.delete_redirect",
    "articles.view_redirect",
    "articles.delete_page",
    "articles.add_pageredirect",
    "articles.change_pageredirect",
    "articles.delete_pageredirect",
    "articles.view_pageredirect",
    # The site's menu (articles/services/menu.py).
    "articles.add_menuitem",
    "articles.change_menuitem",
    "articles.delete_menuitem",
    "articles.view_menuitem",
    "articles.change_sitesettings",
    "articles.view_sitesettings",
    "authors.add_author",
    "authors.change_author",
    "authors.delete_author",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.view_group",
]

ROLE_PERMISSIONS = {
    REPORTER: _REPORTER,
    EDITOR: _EDITOR,
    EDITOR_IN_CHIEF: _EDITOR_IN_CHIEF,
}
