"""The console's one adapter to the rest of pantau: every read and write the pages make goes here.

Reads go straight to the store's tables (listings, scan results, notices, users, decisions, term
suggestions, operators); writes go through the owning capability's functions (notices creation and
service, access) so their rules and audit entries apply. Where a capability has no function the
console needs yet, the stand-in lives in this package and says so, so switching is a one-place change.
Pages import this package only (`from pantau.console import backend`).
"""

from pantau.console.backend.common import NoticeEnv, db, load_user, login, notice_env, optional
from pantau.console.backend.notices import (
    approve_drafts,
    create_notices,
    dashboard_inputs,
    export_notices,
    notice_platforms,
    notices,
    platform_warnings,
    report_outcome,
)
from pantau.console.backend.photos import listing_pks, photo_file, thumbnail_png
from pantau.console.backend.review import (
    QueueFilter,
    decisions_for,
    filter_options,
    items_by_pk,
    queue,
    rank,
    record_decisions,
)
from pantau.console.backend.sellers import operator, sellers_overview
from pantau.console.backend.terms import CATEGORIES, decide_term, discover_now, suggestions
from pantau.console.records import NoticeView, QueueItem

__all__ = [
    "CATEGORIES",
    "NoticeEnv",
    "NoticeView",
    "QueueFilter",
    "QueueItem",
    "approve_drafts",
    "create_notices",
    "dashboard_inputs",
    "db",
    "decide_term",
    "decisions_for",
    "discover_now",
    "export_notices",
    "filter_options",
    "items_by_pk",
    "listing_pks",
    "load_user",
    "login",
    "notice_env",
    "notice_platforms",
    "notices",
    "operator",
    "optional",
    "photo_file",
    "platform_warnings",
    "queue",
    "rank",
    "record_decisions",
    "report_outcome",
    "sellers_overview",
    "suggestions",
    "thumbnail_png",
]
