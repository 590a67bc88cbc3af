"""The shard engine without Ray: the same shards, scorer calls and results parts, in this process.

Used by the platform-side scan when Ray is not installed, and as the reference the Ray engine is
compared with: it runs `score_shard` exactly as each Ray worker does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from pantau.pipeline import BatchScorer
from pantau.scale.ray_engine import IdentifiersFn, RaySummary, scan_time, score_shard, summarise
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
    scanned_at = scan_time()
    stats = [score_shard(shard, scorer, out, batch_size=batch_size, identifiers=identifiers,
                         max_line_bytes=max_line_bytes, scanned_at=scanned_at) for shard in shards]
    return summarise(summary, stats, link=link and identifiers is not None, t0=t0)
