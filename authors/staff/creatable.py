"""Autocomplete fields that offer to create what they do not find (tags, guest bylines).

Django's admin autocomplete (select2, served by the admin's own static files: no CDN) is kept;
the widget only swaps its endpoint for the model admin's `lookup/` and adds a last choice
«إنشاء "…"» when the typed name matches nothing once spelling variants are folded. Choosing it
POSTs the name to `lookup/create/`, which calls the model's service (articles/services/tags.py,
authors/services.py) and answers the created, or already existing, object
(static/articles/js/creatable-autocomplete.js). Without JavaScript the admin's "+" link
(the add form in a pop-up) does the same for those who may add.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Q, Value, When
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

PAGE_SIZE = 20
CSS = "articles/css/creatable-autocomplete.css"


class CreatableLookupAdminMixin:
    """The `lookup/` and `lookup/create/` endpoints of a model admin whose model has a
    `normalised_name`. Subclasses give `lookup_key(text)` (the normaliser),
    `may_create_from_lookup(request)` and `create_from_lookup(request, name)` -> (obj, created).
    """

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "lookup/",
                self.admin_site.admin_view(self.lookup_view),
                name="{}_{}_lookup".format(*info),
            ),
            path(
                "lookup/create/",
                self.admin_site.admin_view(self.lookup_create_view),
                name="{}_{}_lookup_create".format(*info),
            ),
            *super().get_urls(),
        ]

    def lookup_matches(self, term):
        """Objects whose name contains `term`, as typed or folded; the same name first."""
        key = self.lookup_key(term)
        queryset = self.get_queryset_for_lookup()
        if not key:
            return queryset.order_by("name", "pk"), key
        matches = queryset.filter(Q(name__icontains=term) | Q(normalised_name__contains=key))
        first = Case(When(normalised_name=key, then=Value(0)), default=Value(1))
        return matches.annotate(same_name=first).order_by("same_name", "name", "pk"), key

    def get_queryset_for_lookup(self):
        return self.model._default_manager.all()

    def lookup_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = " ".join(request.GET.get("term", "").split())
        matches, key = self.lookup_matches(term)
        try:
            number = max(int(request.GET.get("page") or 1), 1)
        except ValueError:
            number = 1
        page = Paginator(matches, PAGE_SIZE).get_page(number)
        results = list(page.object_list)
        create = None
        if (
            key
            and number == 1
            and not any(getattr(obj, "same_name", 1) == 0 for obj in results)
            and self.may_create_from_lookup(request)
        ):
            create = {"name": term, "label": _("Create “%(name)s”") % {"name": term}}
        return JsonResponse(
            {
                "results": [{"id": str(obj.pk), "text": str(obj)} for obj in results],
                "pagination": {"more": page.has_next()},
                "create": create,
            }
        )

    def lookup_create_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            obj, created = self.create_from_lookup(request, request.POST.get("name", ""))
        except PermissionDenied as refusal:
            return JsonResponse({"error": str(refusal) or _("You may not do this.")}, status=403)
        except ValueError as error:  # the services' refusals of a name (TagError, AuthorError)
            return JsonResponse({"error": str(error)}, status=400)
        return JsonResponse(
            {"id": str(obj.pk), "text": str(obj), "created": created},
            status=201 if created else 200,
        )


class CreatableAutocompleteMixin:
    """An admin autocomplete widget served by the related admin's `lookup/` endpoint."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        opts = self.field.remote_field.model._meta
        info = self.admin_site.name, opts.app_label, opts.model_name
        # Not "admin-autocomplete": the admin's autocomplete.js leaves it to ours.
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "creatable-autocomplete")
        attrs["data-ajax--url"] = reverse("{}:{}_{}_lookup".format(*info))
        attrs["data-create-url"] = reverse("{}:{}_{}_lookup_create".format(*info))
        attrs["data-create-failed"] = _(
            "It could not be created: the connection failed. Try again."
        )
        return attrs

    def optgroups(self, name, value, attr=None):
        # A value the related key cannot hold (a creation the browser had not finished when
        # the form was sent, or a forged one) is left out of the re-rendered widget: Django's
        # autocomplete would filter the related table with it and fail. The form itself
        # already refuses it ("Select a valid choice").
        return super().optgroups(name, [v for v in value if self._is_key(v)], attr)

    def _is_key(self, value):
        # As Django's own optgroups: a many-to-many relation names no field, its key is the
        # related model's primary key.
        remote = self.field.remote_field
        opts = remote.model._meta
        try:
            opts.get_field(getattr(remote, "field_name", opts.pk.attname)).to_python(value)
        except ValidationError:
            return False
        return True

    @property
    def media(self):
        # After the admin's select2 and jquery.init.js, which defines django.jQuery: given
        # in one list, the order survives the merge with the other widgets' media.
        admin = super().media
        return forms.Media(
            js=[*admin._js, "articles/js/creatable-autocomplete.js"],
            css={**admin._css, "screen": [*admin._css.get("screen", []), CSS]},
        )


class CreatableAutocompleteSelect(CreatableAutocompleteMixin, AutocompleteSelect):
    pass


class CreatableAutocompleteSelectMultiple(CreatableAutocompleteMixin, AutocompleteSelectMultiple):
    pass
