from .article import Article, Byline, CommentPolicy, Language, Status
from .autosave import Autosave
from .comment import Comment, CommentAction, CommentModeration, CommentStatus
from .correction import Correction, CorrectionKind
from .home_pin import HOME_BAND_PLACES, HomePin, HomeSlot
from .image import Image
from .imported_attachment import ImportedAttachment
from .live_entry import LiveEntry
from .menu import MenuItem
from .notification import Notification, NotificationEvent
from .page import Page, PageChange, PageQuerySet, PageRedirect, PageStatus
from .preview_link import PreviewLinkRevocation
from .reads import ArticleReadCount
from .redirect import Redirect
from .revision import EditingSession, Revision
from .scheduled_update import ScheduledUpdate, ScheduledUpdateState
from .site_settings import SiteSettings
from .status_change import StatusChange, SystemActor
from .taxonomy import Section, Tag, TagChange, TagRedirect

__all__ = [
    "Article",
    "ArticleReadCount",
    "Autosave",
    "Byline",
    "Comment",
    "CommentAction",
    "CommentModeration",
    "CommentPolicy",
    "CommentStatus",
    "Correction",
    "CorrectionKind",
    "HOME_BAND_PLACES",
    "HomePin",
    "HomeSlot",
    "Image",
    "ImportedAttachment",
    "EditingSession",
    "Language",
    "LiveEntry",
    "Notification",
    "NotificationEvent",
    "MenuItem",
    "Page",
    "PageChange",
    "PageQuerySet",
    "PageRedirect",
    "PageStatus",
    "PreviewLinkRevocation",
    "Redirect",
    "Revision",
    "ScheduledUpdate",
    "ScheduledUpdateState",
    "Section",
    "SiteSettings",
    "Status",
    "StatusChange",
    "SystemActor",
    "Tag",
    "TagChange",
    "TagRedirect",
]
