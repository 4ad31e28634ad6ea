"""Models that some staff may pick in a form but not browse (sections, tags, authors).

A reporter needs view permission on sections, tags and authors so that the article form's
autocomplete widgets answer (Django's autocomplete view checks it); that permission alone must
not open the lists and pages of those models. Whoever may add, change or delete them
(the editor-in-chief) browses them as usual.
"""

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied


class LookupOnlyForViewersMixin:
    def can_manage(self, request):
        opts = self.opts
        return any(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("add", "change", "delete")
        )

    def has_module_permission(self, request):
        return super().has_module_permission(request) and self.can_manage(request)

    def changelist_view(self, request, extra_context=None):
        if not self.can_manage(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.can_manage(request):
            raise PermissionDenied
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not self.can_manage(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)
