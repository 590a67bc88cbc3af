"""`pantau scan --engine ray`: the batch scorer over Ray Data, one scorer loaded per worker.

Plan (driver): split the inputs into shards (scale/shards.py: JSONL byte ranges, Parquet row
groups, local paths or object storage URLs). Map (Ray Data): an actor pool of `ShardScorer`s,
each of which loads the policy pack, model and hash bank once, reads its shard, calls
`BatchScorer.score` on the very `Listing` objects the local engine builds, and writes
`<out_dir>/part-<shard>.parquet` (RESULT_SCHEMA). Writing a part per shard makes a retried task
idempotent and keeps input order without a global sort. Reduce (driver): the cross-shard seller
pass (scale/linkage.py), then the store is bulk-loaded and the result JSONL written from the parts
(scale/results.py).

Ray is optional (`pip install 'pantau[ray]'`); it is imported here only, lazily.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pantau.errors import PantauError
from pantau.pipeline import BatchScorer
from pantau.scale.shards import SHARD_BYTES, Shard, plan_shards

ScorerFactory = Callable[[], BatchScorer]
IdentifiersFn = Callable[[Any], list[str]]


class RayMissing(PantauError):
    exit_code = 2


def import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise RayMissing("the ray engine needs Ray: pip install 'pantau[ray]'") from None
    return ray


@dataclass(slots=True)
class RaySummary:
    files: list[str] = field(default_factory=list)
    out_dir: str = ""
    shards: int = 0
    workers: int = 0
    scanned: int = 0
    violating: int = 0
    review: int = 0
    benign: int = 0
    errors: int = 0
    linked: int = 0  # results raised by the cross-shard seller pass
    seconds: float = 0.0
    scan_seconds: float = 0.0
    startup_seconds: float = 0.0  # starting (or connecting to) Ray, included in seconds
    cpu_seconds: float = 0.0  # CPU time the workers spent on shards (reading, scoring, writing)
    interrupted: bool = False
    run_id: int | None = None
    parts: list[str] = field(default_factory=list)
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # worker pid -> peak resident memory

    def line(self) -> str:
        rate = self.scanned / self.seconds if self.seconds > 0 else 0.0
        return (f"scanned {self.scanned}, violating {self.violating}, review {self.review}, "
                f"errors {self.errors}, seconds {self.seconds:.1f} ({rate:,.0f} listings/s) "
                f"on {self.workers} workers, {self.shards} shards; results in {self.out_dir}")


def default_identifiers() -> IdentifiersFn | None:
    """`kind:value` strings of a listing's strong seller identifiers (phone, bank account, e-mail,
    handle, link), from the sellers capability; None when it is not installed."""
    try:
        from pantau.sellers import extract_identifiers
        from pantau.sellers.identifiers import STRONG_KINDS
    except ImportError:
        return None
    return _StrongIdentifiers(extract_identifiers, STRONG_KINDS)


class _StrongIdentifiers:
    def __init__(self, extract: Callable[[Any], list[Any]], kinds: frozenset[str]) -> None:
        self.extract, self.kinds = extract, kinds

    def __call__(self, listing: Any) -> list[str]:
        return sorted({f"{i.kind}:{i.value}" for i in self.extract(listing) if i.kind in self.kinds and i.value})


class StoreScorer:
    """The default scorer factory: the scorer `pantau scan` builds, with the seller linker and photo
    matcher reading their indexes from the store at `database_url` (None: no store). photos=False
    or sellers=False leave that capability out (text-only runs, benchmarks of one capability)."""

    def __init__(self, database_url: str | None = None, *, photos: bool = True, sellers: bool = True) -> None:
        self.database_url = database_url
        self.photos = photos
        self.sellers = sellers

    def __call__(self) -> BatchScorer:
        from pantau import scorer_factory as f

        db = None
        if self.database_url is not None:
            from pantau.store.db import Database

            db = Database(self.database_url, migrate=False)
        scorer = f.build_scorer(db, photos=self.photos, sellers=self.sellers)
        if db is not None and not (self.photos or self.sellers):
            db.dispose()  # only the active policy pack was read from it
        return scorer


class ShardScorer:
    """One per Ray worker (actor): loads the scorer once, then scores whole shards."""

    def __init__(self, factory: ScorerFactory, out_dir: str, batch_size: int = 512,
                 identifiers: IdentifiersFn | None = None, max_line_bytes: int | None = None,
                 scanned_at: str | None = None) -> None:
        self.scorer = factory()
        self.out_dir = out_dir
        self.batch_size = batch_size
        self.identifiers = identifiers
        self.max_line_bytes = max_line_bytes
        self.scanned_at = scanned_at

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {"index": [], "part": [], "scanned": [], "violating": [], "review": [],
                                     "errors": [], "pid": [], "maxrss_kb": [], "seconds": [], "cpu_seconds": []}
        for d in batch.to_pylist():
            shard = Shard(**d)
            stats = score_shard(shard, self.scorer, self.out_dir, batch_size=self.batch_size,
                                identifiers=self.identifiers, max_line_bytes=self.max_line_bytes,
                                scanned_at=self.scanned_at)
            for k, v in stats.items():
                out[k].append(v)
        return out


DICTIONARY_COLUMNS = ["source", "platform", "verdict", "policy_version", "model_hash"]


def part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def scan_time() -> str:
    """The time a scan starts, as the parts record it (arrow.SCANNED_AT_KEY)."""
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat()


def score_shard(shard: Shard, scorer: BatchScorer, out_dir: str, *, batch_size: int = 512,
                identifiers: IdentifiersFn | None = None, max_line_bytes: int | None = None,
                scanned_at: str | None = None) -> dict[str, Any]:
    """Score one shard in batches and write its results part; returns counts for the summary.
    scanned_at: the time the scan started (ISO 8601), kept in the part's metadata."""
    import resource

    import pyarrow.parquet as pq

    from pantau.domain import Listing, Verdict
    from pantau.ingest.records import ReadError
    from pantau.scale.arrow import RESULT_SCHEMA, SCANNED_AT_KEY, results_to_batch
    from pantau.scale.shards import _filesystem, read_shard

    t0, cpu0 = time.perf_counter(), time.process_time()
    filesystem, root = _filesystem(out_dir)
    final = f"{root.rstrip('/')}/{part_name(shard.index)}"
    tmp = f"{final}.{uuid.uuid4().hex[:8]}.tmp"
    counts = {"scanned": 0, "violating": 0, "review": 0, "errors": 0}
    kwargs = {"max_line_bytes": max_line_bytes} if max_line_bytes else {}

    def flush(listings: list[Listing], errors: list[tuple[int, str]], w: pq.ParquetWriter) -> None:
        results = scorer.score(listings) if listings else []
        ids = [identifiers(x) for x in listings] if identifiers else None
        for r in results:
            counts["scanned"] += 1
            if r.detection.verdict is Verdict.VIOLATING:
                counts["violating"] += 1
            elif r.detection.verdict is Verdict.REVIEW:
                counts["review"] += 1
        counts["errors"] += len(errors)
        w.write_batch(results_to_batch(results, listings, ids, errors, source=shard.uri))

    schema = RESULT_SCHEMA.with_metadata({SCANNED_AT_KEY: (scanned_at or scan_time()).encode()})
    # dictionary encoding only where values repeat: on the listing JSON, ids and reasons pyarrow
    # would build a dictionary per column chunk and give it up (a quarter of the write time)
    with filesystem.open_output_stream(tmp) as sink, pq.ParquetWriter(sink, schema, compression="zstd",
                                                                       use_dictionary=DICTIONARY_COLUMNS) as w:
        listings: list[Listing] = []
        errors: list[tuple[int, str]] = []
        for item in read_shard(shard, **kwargs):
            if isinstance(item, ReadError):
                errors.append((item.line, item.message))
            else:
                listings.append(item)
            if len(listings) >= batch_size or len(errors) >= 4 * batch_size:
                flush(listings, errors, w)
                listings, errors = [], []
        if listings or errors:
            flush(listings, errors, w)
    filesystem.move(tmp, final)
    return {"index": shard.index, "part": final, **counts, "pid": os.getpid(),
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - cpu0}


def summarise(summary: RaySummary, stats: Sequence[dict[str, Any]], *, link: bool, t0: float) -> RaySummary:
    """Add the shards' counts (score_shard's dicts, in shard order) to `summary`, then run the
    cross-shard seller pass when `link`. Shared by the Ray and the in-process engines."""
    summary.parts.extend(s["part"] for s in stats)
    for s in stats:
        summary.cpu_seconds += s["cpu_seconds"]
        summary.scanned += s["scanned"]
        summary.violating += s["violating"]
        summary.review += s["review"]
        summary.errors += s["errors"]
        summary.peak_rss_mb[s["pid"]] = max(summary.peak_rss_mb.get(s["pid"], 0.0), s["maxrss_kb"] / 1024)
    summary.scan_seconds = time.perf_counter() - t0
    if link:
        from pantau.scale.linkage import link_across_shards

        linked = link_across_shards(summary.parts)
        summary.linked = linked.raised
        summary.violating += linked.violating_delta
        summary.review += linked.review_delta
    summary.benign = summary.scanned - summary.violating - summary.review
    summary.seconds = time.perf_counter() - t0
    return summary


def run_ray_scan(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str], address: str | None = None,
                 num_workers: int | None = None, scorer_factory: ScorerFactory | None = None, *,
                 identifiers: IdentifiersFn | bool | None = True, batch_size: int = 512,
                 shard_bytes: int = SHARD_BYTES, rows_per_shard: int = 100_000,
                 max_line_bytes: int | None = None, link: bool = True) -> RaySummary:
    """Scan `paths` on Ray and write one results part per shard under `out_dir`.

    address: a Ray cluster ("auto", "ray://host:10001"); None starts a local Ray on this machine
    with `num_workers` CPUs. num_workers: size of the actor pool (default: the cluster's CPUs).
    scorer_factory: a picklable callable returning the BatchScorer each worker uses (default:
    `StoreScorer()`, the scorer the local engine builds, without a store).
    identifiers: True for the sellers capability's extractor, a function, or None/False for none.
    link: run the cross-shard seller pass over the results (scale/linkage.py).
    Store loading and the result JSONL are separate steps: `pantau.scale.results`.
    """
    ray = import_ray()
    t0 = time.perf_counter()
    # local paths made absolute: workers do not share the driver's working folder
    uris = [os.fspath(p) if "://" in os.fspath(p) else os.path.abspath(p) for p in paths]
    out = os.fspath(out_dir) if "://" in os.fspath(out_dir) else os.path.abspath(out_dir)
    shards = plan_shards(uris, shard_bytes=shard_bytes, rows_per_shard=rows_per_shard)
    from pantau.scale.shards import _filesystem

    filesystem, root = _filesystem(out)
    filesystem.create_dir(root, recursive=True)
    ids_fn = default_identifiers() if identifiers is True else (identifiers or None)
    factory = scorer_factory or StoreScorer()

    started = False
    t_init = time.perf_counter()
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "WARNING",
                                  "configure_logging": False}
        if address is None:
            kwargs["num_cpus"] = num_workers or os.cpu_count() or 1
        ray.init(address=address, **kwargs)
        started = True
    startup = time.perf_counter() - t_init
    try:
        workers = num_workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        workers = min(workers, len(shards)) or 1
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ds = ray.data.from_items([s.to_dict() for s in shards], override_num_blocks=max(1, len(shards)))
        ds = ds.map_batches(
            ShardScorer, batch_size=1, batch_format="pyarrow", num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=workers),
            fn_constructor_kwargs={"factory": factory, "out_dir": out, "batch_size": batch_size,
                                   "identifiers": ids_fn, "max_line_bytes": max_line_bytes,
                                   "scanned_at": scan_time()})
        stats = sorted(ds.take_all(), key=lambda r: r["index"])
    finally:
        if started:
            ray.shutdown()
    summary = RaySummary(files=uris, out_dir=out, shards=len(shards), workers=workers, startup_seconds=startup)
    return summarise(summary, stats, link=link and ids_fn is not None, t0=t0)
