"""The shard engine without Ray: the same shards, scorer calls and results parts, in this process.

Used by the platform-side scan when Ray is not installed, and as the reference the Ray engine is
compared with: it runs `score_shard` exactly as each Ray worker does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from pantau.pipeline import BatchScorer
from pantau.scale.ray_engine import IdentifiersFn, RaySummary, score_shard
from pantau.scale.shards import SHARD_BYTES, _filesystem, plan_shards


def scan_in_process(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                    scorer: BatchScorer, *, identifiers: IdentifiersFn | None = None, batch_size: int = 512,
                    shard_bytes: int = SHARD_BYTES, rows_per_shard: int = 100_000,
                    max_line_bytes: int | None = None, link: bool = True) -> RaySummary:
    t0 = time.perf_counter()
    uris = [os.fspath(p) for p in paths]
    out = os.fspath(out_dir)
    shards = plan_shards(uris, shard_bytes=shard_bytes, rows_per_shard=rows_per_shard)
    filesystem, root = _filesystem(out)
    filesystem.create_dir(root, recursive=True)
    summary = RaySummary(files=uris, out_dir=out, shards=len(shards), workers=1)
    for shard in shards:
        s = score_shard(shard, scorer, out, batch_size=batch_size, identifiers=identifiers,
                        max_line_bytes=max_line_bytes)
        summary.parts.append(s["part"])
        summary.cpu_seconds += s["cpu_seconds"]
        summary.scanned += s["scanned"]
        summary.violating += s["violating"]
        summary.review += s["review"]
        summary.errors += s["errors"]
        summary.peak_rss_mb[s["pid"]] = s["maxrss_kb"] / 1024
    summary.scan_seconds = time.perf_counter() - t0
    if link and identifiers is not None:
        from pantau.scale.linkage import link_across_shards

        linked = link_across_shards(summary.parts)
        summary.linked = linked.raised
        summary.violating += linked.violating_delta
        summary.review += linked.review_delta
    summary.benign = summary.scanned - summary.violating - summary.review
    summary.seconds = time.perf_counter() - t0
    return summary
