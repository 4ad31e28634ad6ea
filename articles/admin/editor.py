"""The body's rich-text editor in the admin: django-prose-editor (ProseMirror/Tiptap), offline.

Its JavaScript and CSS are static files of the package, loaded as a module by our own
static/articles/js/body-editor.js; the configuration travels in a data- attribute. No inline
script, no import map and no inline <style> (Tiptap's base CSS is a static file,
articles/css/tiptap-base.css), so the editor keeps working under a strict Content-Security-Policy.

The editor only offers what articles/sanitize.py lets through (a test checks it); whatever the
browser sends, ArticleAdminForm.clean_body sanitises it before it is stored.

Pictures: "Figure" (with "Image" and "Caption") keeps the body's <figure>, <img> and
<figcaption> editable. Its toolbar button opens our picker of library pictures, and a file
dropped or pasted into the editor is uploaded to the library (static/articles/js/
body-images.js); `images` in the configuration holds the endpoints the user may use
(articles/images/admin_editor.py). Without them the button is hidden.
"""

import json

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django_prose_editor.config import expand_extensions, js_from_extensions

BODY_EDITOR_EXTENSIONS = {
    "Paragraph": True,
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    # No "list properties" dialog: the sanitiser drops <ol start/type>, lists count from 1.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    # <figure><img src alt><figcaption>…</figcaption></figure>; the sanitiser drops the
    # figure's class and the image's data-file, which the editor only uses while editing.
    "Figure": True,
    "Image": True,
    "Caption": True,
    "HardBreak": True,
    "History": True,
}


class BodyEditorWidget(forms.Textarea):
    """A textarea that static/articles/js/body-editor.js turns into the editor."""

    def __init__(self, *args, direction="rtl", images=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction = direction
        # The picture endpoints the user may use (body_editor_image_options); none by default.
        self.images = images or {}

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                # Tiptap's base rules, which it would otherwise inject as an inline <style>.
                "articles/css/tiptap-base.css",
                "articles/css/body-editor.css",
                "articles/css/body-images.css",
            ]
        }
        js = [forms.Script("articles/js/body-editor.js", type="module")]

    def editor_config(self):
        return {
            "extensions": expand_extensions(BODY_EDITOR_EXTENSIONS),
            "js_modules": js_from_extensions(BODY_EDITOR_EXTENSIONS),
            "images": self.images,
        }

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-body-editor"] = json.dumps(
            self.editor_config(), separators=(",", ":"), cls=DjangoJSONEncoder
        )
        context["widget"]["attrs"]["dir"] = self.direction
        return context

    def use_required_attribute(self, initial):
        # The textarea is hidden behind the editor; the browser could not point at it.
        return False
