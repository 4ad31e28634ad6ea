"""Who else has an article open: the change page's script posts a heartbeat
(articles/services/presence.py) and the page shows the others editing it."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.admin.conflicts import display_name
from articles.admin.object_views import ArticleObjectViewsMixin
from articles.services import presence
from newsroom.sessions import leaves_session_idle


class ArticlePresenceAdminMixin(ArticleObjectViewsMixin):
    """Adds the presence heartbeat to ArticleAdmin and shows who else is editing."""

    def get_urls(self):
        return [
            *self.object_urls([("presence/", self.presence_view, "presence")]),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["others_editing"] = presence.others_editing(article=obj, user=request.user)
            if self.has_change_permission(request, obj):
                # Only people who may edit count as "editing"; readers of the page do not.
                context["presence_url"] = self._url("presence", obj.pk)
                context["heartbeat_seconds"] = presence.HEARTBEAT_SECONDS
        return super().render_change_form(request, context, add, change, form_url, obj)

    # An open change page is not someone at work: its heartbeat leaves the idle timeout running.
    @method_decorator(leaves_session_idle)
    def presence_view(self, request, object_id):
        """POST (CSRF-protected): the heartbeat of an open change page, or `leave`.

        Answers with the other people editing the article now, for the page to show.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("This article no longer exists."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("leave"):
            presence.editing_session_end(article=article, user=request.user)
            return JsonResponse({"others": []})
        presence.editing_session_heartbeat(article=article, user=request.user)
        others = presence.others_editing(article=article, user=request.user)
        return JsonResponse(
            {
                "others": [
                    _("%(name)s is editing since %(time)s")
                    % {
                        "name": display_name(session.user),
                        "time": date_format(timezone.localtime(session.started_at), "H:i"),
                    }
                    for session in others
                ]
            }
        )
