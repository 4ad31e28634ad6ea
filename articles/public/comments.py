"""Readers' comments on the public site: the thread under an article, the form's token and the
endpoint that receives a comment.

The article page stays one cacheable page for everybody: it carries the form but no token and
no cookie (no `Vary: Cookie`, nothing per reader). Forgery is stopped by a signed, short-lived
token (django.core.signing's TimestampSigner) that static/articles/js/comments.js fetches when
the reader starts typing: bound to the article's id, it carries the time the page was loaded
for the minimum-time rule, and no session backs it. The endpoint is therefore exempt from
Django's cookie-based CSRF check. Without JavaScript, a plain POST gets a small page: the
form again, with a token, to confirm (or the answer, once sent).

Every answer here is for one reader only: never cached, never a cookie.
"""

import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core import signing
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.exceptions import CommentRefused
from articles.models import Article, Comment, CommentStatus, SiteSettings
from articles.services.comments import comment_submit

TOKEN_SALT = "newsroom.comments.token"
# The longest a page may have been open before the token's request: what the script reports
# beyond that is not believed.
MAX_PAGE_AGE = 6 * 3600


def token_max_age():
    """Seconds a form token stays valid (DJANGO_COMMENT_TOKEN_MAX_AGE, default one hour)."""
    return getattr(settings, "NEWSROOM_COMMENT_TOKEN_MAX_AGE", 3600)


def comment_thread(article):
    """The approved comments readers see under `article`: top-level ones oldest first, each
    with its replies (`thread_replies`, oldest first), and how many there are. One query; none
    when an editor hid the article's comments."""
    if not article.comments_visible():
        return [], 0
    comments = list(
        Comment.objects.for_article_page(article).only(
            "id", "parent_id", "name", "body", "by_newspaper", "created_at"
        )
    )
    top, replies = [], {}
    for comment in comments:
        if comment.parent_id is None:
            comment.thread_replies = []
            top.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    count = len(top)
    for comment in top:
        comment.thread_replies = replies.get(comment.pk, [])
        count += len(comment.thread_replies)
    return top, count


def make_token(article_id, *, loaded_at):
    """A token for the form of article `article_id`, loaded at `loaded_at` (epoch seconds)."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    return signer.sign_object({"a": article_id, "l": int(loaded_at)})


def read_token(token, article_id):
    """The page-load time a valid token carries for `article_id`, else None."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        value = signer.unsign_object(token, max_age=token_max_age())
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(value, dict) or value.get("a") != article_id:
        return None
    loaded_at = value.get("l")
    return loaded_at if isinstance(loaded_at, int) else None


def _article_taking_comments(pk):
    """The public article `pk`, or Http404/CommentRefused as the endpoint must answer."""
    site_settings = SiteSettings.load()
    if not site_settings.comments_enabled:
        raise Http404(_("Comments are closed."))
    article = Article.objects.published().filter(pk=pk).first()
    if article is None:
        raise Http404(_("This article is not available."))
    if not article.comments_open(site_settings):
        raise CommentRefused(_("Comments are closed."), status=403)
    return article


def _private(response):
    add_never_cache_headers(response)
    return response


@require_GET
def comment_token(request, pk):
    """`GET /comments/<id>/token/?loaded=<seconds the page has been open>`: a fresh token."""
    try:
        _article_taking_comments(pk)
    except CommentRefused as refused:
        return _private(JsonResponse({"error": str(refused)}, status=refused.http_status))
    except Http404 as missing:
        return _private(JsonResponse({"error": str(missing)}, status=404))
    now = time.time()
    try:
        page_age = min(max(float(request.GET.get("loaded", 0)), 0), MAX_PAGE_AGE)
    except ValueError:
        page_age = 0
    token = make_token(pk, loaded_at=now - page_age)
    return _private(JsonResponse({"token": token, "max_age": token_max_age()}))


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt  # the signed token bound to the article stands in for the CSRF cookie
@require_POST
def comment_post(request, pk):
    """`POST /comments/<id>/`: a reader's comment, answered in JSON for the script and as a
    small page for a browser without JavaScript."""
    as_json = wants_json(request)
    try:
        article = _article_taking_comments(pk)
    except Http404 as missing:
        return _answer(request, None, str(missing), 404, as_json)
    except CommentRefused as refused:
        return _answer(request, None, str(refused), refused.http_status, as_json)
    data = request.POST
    token = data.get("token", "")
    loaded_at = read_token(token, article.pk) if token else None
    if loaded_at is None:
        if as_json:
            message = _("The form has expired. Please send your comment again.")
            return _private(JsonResponse({"error": message, "code": "token"}, status=400))
        # Without JavaScript: the form again, filled in, with a token, to confirm.
        return _confirm_page(request, article, data, status=200 if not token else 400)
    try:
        comment = comment_submit(
            article=article,
            name=data.get("name", ""),
            email=data.get("email", ""),
            body=data.get("body", ""),
            parent=_parent_id(data.get("parent")),
            ip_address=get_client_ip_address(request) or None,
            form_seconds=time.time() - loaded_at,
            honeypot=data.get("website", ""),
        )
    except CommentRefused as refused:
        return _answer(request, article, str(refused), refused.http_status, as_json)
    if comment.status == CommentStatus.PENDING:
        message = _("Thank you. Your comment awaits moderation.")
    else:
        message = _("Thank you. Your comment is published.")
    return _answer(request, article, message, 202 if as_json else 200, as_json, sent=True)


def _parent_id(value):
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _answer(request, article, message, status, as_json, *, sent=False):
    if as_json:
        key = "message" if sent else "error"
        return _private(JsonResponse({key: message}, status=status))
    response = TemplateResponse(
        request,
        "articles/comment_answer.html",
        {"article": article, "message": message, "sent": sent},
        status=status,
    )
    return _private(response)


def _confirm_page(request, article, data, *, status):
    response = TemplateResponse(
        request,
        "articles/comment_confirm.html",
        {
            "article": article,
            "token": make_token(article.pk, loaded_at=time.time()),
            "name": data.get("name", ""),
            "email": data.get("email", ""),
            "body": data.get("body", ""),
            "parent": _parent_id(data.get("parent")) or "",
        },
        status=status,
    )
    return _private(response)
