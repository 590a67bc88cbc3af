"""Checking that removed listings stay removed.

After a platform reports `removed` (or `not_found`), pantau first looks for a linked copy (a listing
scanned since whose photos match this one, or whose seller is linked to this seller: `reappeared`),
then fetches the listing page once the verification delay has passed. A page that is gone
(404/410, or a "not found" page) verifies the notice; a page that is live again with the listing's
own title marks it `reappeared`. A fetch that fails for any other reason decides nothing: the
notice is tried again later, up to MAX_ATTEMPTS.

`classify` is pure; `run_verification` reads due notices, fetches through a `PageFetcher` (by
default pantau.ingest.fetch.SafeFetcher, with its address guards, size caps and per-host rate
limit) and applies decisions through the one service path.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from pantau.errors import FetchError
from pantau.notices.lifecycle import Actor, Command, Role, Status
from pantau.notices.service import ALL, NoticeConfig, UnitOfWork, act
from pantau.store.tables.listings import ListingRow, ScanResultRow
from pantau.store.tables.notices import NoticeRow

MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(hours=6)
PAGE_BYTES = 2 * 1024 * 1024
SYSTEM = Actor("verifier", Role.SYSTEM)

# Phrases marketplaces show on a page whose listing is gone (Indonesian and English).
GONE_PHRASES = (
    "produk tidak ditemukan", "produk tidak tersedia", "halaman tidak ditemukan", "barang tidak ditemukan",
    "produk ini sudah tidak tersedia", "listing has been removed", "product not found", "page not found",
    "this listing is no longer available", "item not found", "konten tidak tersedia",
)


class PageState(StrEnum):
    GONE = "gone"
    LIVE = "live"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Page:
    status: int
    text: str


# A fetcher returns the page (any status) or raises FetchError when it could not ask safely.
PageFetcher = Callable[[str], Page]

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _plain(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", text))).strip().lower()


def classify(page: Page, title: str) -> PageState:
    if page.status in (404, 410):
        return PageState.GONE
    if page.status >= 300:
        return PageState.UNKNOWN
    body = _plain(page.text[:PAGE_BYTES])
    if any(p in body for p in GONE_PHRASES):
        return PageState.GONE
    t = _plain(title)
    if t and t[:120] in body:
        return PageState.LIVE
    # a live page without the title we recorded: edited, or a different page; not ours to decide
    return PageState.UNKNOWN if t else PageState.LIVE


_HTTP_STATUS = re.compile(r"^HTTP (\d{3})$")


def safe_fetcher(*, allow_private: bool = False, per_host_interval: float = 2.0,
                 timeout: float = 10.0) -> PageFetcher:
    """Pages through SafeFetcher. It raises FetchError("HTTP 404") for error statuses; the status is
    read back from that message so a removed page (404/410) counts as an answer, not a failure."""
    from pantau.ingest.fetch import PAGE_TYPES, SafeFetcher

    fetcher = SafeFetcher(max_bytes=PAGE_BYTES, timeout=timeout, allowed_types=PAGE_TYPES,
                          allow_private=allow_private, per_host_interval=per_host_interval)

    def fetch(url: str) -> Page:
        try:
            res = fetcher.get(url)
        except FetchError as e:
            m = _HTTP_STATUS.match(e.message)
            if m:
                return Page(int(m.group(1)), "")
            raise
        return Page(res.status, res.content.decode("utf-8", "replace"))

    return fetch


@dataclass(slots=True)
class VerifyReport:
    verified: int = 0
    reappeared: int = 0
    undecided: int = 0
    failed: int = 0


def due(session: Session, now: datetime, limit: int) -> list[NoticeRow]:
    return list(session.scalars(
        select(NoticeRow).where(NoticeRow.status.in_([Status.REMOVED.value, Status.NOT_FOUND.value,
                                                      Status.VERIFIED.value]),
                                NoticeRow.verify_after.is_not(None), NoticeRow.verify_after <= now)
        .order_by(NoticeRow.verify_after, NoticeRow.id).limit(limit)))


COPY_SCAN = 20_000  # newest scan results read per run when looking for linked copies


def linked_copies(session: Session, since: datetime, limit: int = COPY_SCAN
                  ) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """Listings scanned since `since`, not judged benign, whose photos match a listing or whose seller
    is linked to a seller: {(platform, listing_id): copy}, {(platform, seller_id): copy}, where copy is
    the new listing's "platform/listing_id". Read from the scan results the pipeline stored."""
    rows = session.execute(
        select(ListingRow.platform, ListingRow.listing_id, ScanResultRow.image_matches, ScanResultRow.seller_links)
        .join(ListingRow, ListingRow.id == ScanResultRow.listing_pk)
        .where(ScanResultRow.created_at >= since, ScanResultRow.verdict != "benign")
        .order_by(ScanResultRow.id.desc()).limit(limit)).all()
    by_listing: dict[tuple[str, str], str] = {}
    by_seller: dict[tuple[str, str], str] = {}
    for platform, listing_id, matches, links in rows:
        copy = f"{platform}/{listing_id}"
        for m in matches or []:
            if isinstance(m, dict) and m.get("listing_id") is not None:
                by_listing.setdefault((str(m.get("platform")), str(m["listing_id"])), copy)
        for link in links or []:
            if isinstance(link, dict) and link.get("seller_id") is not None:
                by_seller.setdefault((str(link.get("platform")), str(link["seller_id"])), copy)
    return by_listing, by_seller


def _copy_of(row: NoticeRow, copies: tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]
             ) -> str | None:
    by_listing, by_seller = copies
    own = f"{row.platform}/{row.listing_id}"
    found = by_listing.get((row.platform, row.listing_id))
    seller = (row.evidence or {}).get("seller_id")
    if not found and seller:
        found = by_seller.get((row.platform, str(seller)))
    return found if found and found != own else None


def run_verification(uow: UnitOfWork, fetch: PageFetcher, *, now: datetime, limit: int = 100,
                     config: NoticeConfig | None = None, recheck_verified: timedelta | None = None
                     ) -> VerifyReport:
    """Re-check due notices. With `recheck_verified`, a verified notice is checked again that much
    later (keep-down), and becomes `reappeared` if its page is back."""
    report = VerifyReport()
    session = uow.session
    rows = due(session, now, limit)
    since = min((r.outcome_at or r.updated_at for r in rows), default=now)
    copies = linked_copies(session, since) if rows else ({}, {})
    for row in rows:
        title = (row.evidence or {}).get("title") or ""
        url = row.url or (row.evidence or {}).get("url")
        copy = _copy_of(row, copies)
        if copy is not None:  # a copy is back (same photos, or a seller linked to this one)
            act(uow, ALL, row.id, Command.REAPPEAR, SYSTEM, now=now, config=config, extra={"copy": copy})
            report.reappeared += 1
            continue
        state = PageState.UNKNOWN
        if url:
            try:
                state = classify(fetch(url), title)
            except FetchError:
                report.failed += 1
        if state is PageState.GONE and row.status != Status.VERIFIED:
            act(uow, ALL, row.id, Command.VERIFY, SYSTEM, now=now, config=config, extra={"url": url})
            report.verified += 1
        elif state is PageState.LIVE:
            act(uow, ALL, row.id, Command.REAPPEAR, SYSTEM, now=now, config=config, extra={"url": url})
            report.reappeared += 1
        else:
            if state is PageState.UNKNOWN:
                report.undecided += 1
            row.verify_attempts += 1
            if row.status == Status.VERIFIED:
                row.verify_after = now + recheck_verified if recheck_verified else None
            elif row.verify_attempts >= MAX_ATTEMPTS:
                row.verify_after = None  # stop asking; the console lists these for a person
            else:
                row.verify_after = now + RETRY_AFTER
            row.version += 1
        if state is PageState.GONE and recheck_verified:
            fresh = session.get(NoticeRow, row.id)
            if fresh is not None:
                fresh.verify_after = now + recheck_verified
    return report
