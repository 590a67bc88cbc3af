"""The local engine: stream listing files through the batch scorer into the store and a result file.

Output order is input order, one result (or `{"line", "error"}`) per input line. Each batch is
stored in one transaction *before* its results are written, so whatever the output says was
scanned is in the store, and an interrupted run leaves whole batches only.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from pantau.domain import Listing, ScanResult, Verdict
from pantau.errors import InputError
from pantau.ingest.readers import MAX_LINE_BYTES, ReadError, detect_format, read_listings
from pantau.pipeline import BatchScorer
from pantau.store import listings as repo
from pantau.store.db import Database


@dataclass(slots=True)
class ScanSummary:
    files: list[str] = field(default_factory=list)
    scanned: int = 0
    violating: int = 0
    review: int = 0
    benign: int = 0
    errors: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    run_id: int | None = None

    def line(self) -> str:
        rate = self.scanned / self.seconds if self.seconds > 0 else 0.0
        return (f"scanned {self.scanned}, violating {self.violating}, review {self.review}, "
                f"errors {self.errors}, seconds {self.seconds:.1f} ({rate:,.0f} listings/s)")


def check_inputs(paths: Sequence[Path]) -> None:
    """Refuse unknown formats and unreadable files before anything is scanned (exit 2)."""
    if not paths:
        raise InputError("no input files given")
    for p in paths:
        detect_format(p)
        if not p.exists():
            raise InputError("no such file", where=str(p))
        if p.is_dir():
            raise InputError("is a folder, not a listing file", where=str(p))
        try:
            with p.open("rb") as f:
                f.read(1)
        except OSError as e:
            raise InputError(f"cannot be read ({e.strerror})", where=str(p)) from None


def count_records(paths: Sequence[Path]) -> int:
    """Cheap total for a progress bar: newlines of text files, row counts of Parquet files."""
    total = 0
    for p in paths:
        if detect_format(p) == "parquet":
            import pyarrow.parquet as pq

            try:
                total += pq.ParquetFile(p).metadata.num_rows
            except Exception:  # the reader reports a bad file properly; the bar just has no total
                continue
        elif p.suffix.lower() != ".gz":
            with p.open("rb") as f:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return total


class _Terminated(Exception):
    pass


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """A kill (SIGTERM) stops the run the same clean way as Ctrl-C."""

    def handler(signum: int, frame: Any) -> None:
        raise _Terminated()

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _items(paths: Sequence[Path], max_line_bytes: int) -> Iterator[Listing | ReadError]:
    for p in paths:
        yield from read_listings(p, max_line_bytes=max_line_bytes)


def _score_isolating_failures(scorer: BatchScorer, batch: list[Listing]
                              ) -> tuple[list[ScanResult], list[tuple[Listing, str]]]:
    """Score a batch; if the scorer fails on it, find the listings it fails on one by one, so one
    hostile listing costs its own line, never the batch or the run."""
    if not batch:
        return [], []
    try:
        return scorer.score(batch), []
    except (KeyboardInterrupt, _Terminated):
        raise
    except Exception:  # a bug or a listing that breaks a capability: isolate it below
        pass
    results, failed = [], []
    for li in batch:
        try:
            results.extend(scorer.score([li]))
        except (KeyboardInterrupt, _Terminated):
            raise
        except Exception as e:
            failed.append((li, f"{e.__class__.__name__}: {str(e)[:200]}"))
    return results, failed


def scan_files(
    paths: Sequence[Path],
    scorer: BatchScorer,
    *,
    db: Database | None,
    out: IO[bytes] | None,
    batch_size: int = 512,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_progress: Callable[[int], None] | None = None,
    on_error: Callable[[ReadError], None] | None = None,
) -> ScanSummary:
    check_inputs(paths)
    summary = ScanSummary(files=[str(p) for p in paths])
    t0 = time.perf_counter()
    if db is not None:
        with db.session() as s:
            summary.run_id = repo.start_run(s, summary.files, scorer.policy_version, scorer.model_hash)

    pending: list[Listing | ReadError] = []
    n_listings = 0

    def flush() -> None:
        nonlocal pending, n_listings
        if not pending:
            return
        batch = [x for x in pending if isinstance(x, Listing)]
        results, failed = _score_isolating_failures(scorer, batch)
        if failed:
            for li, why in failed:
                err = ReadError(li.source, li.line, f"could not be scored ({why}); please report this as a bug")
                summary.errors += 1
                if on_error:
                    on_error(err)
                pending[next(k for k, x in enumerate(pending) if x is li)] = err
            batch = [x for x in pending if isinstance(x, Listing)]
        if db is not None and batch:
            with db.session() as s:
                repo.save_batch(s, batch, results, scan_run_id=summary.run_id)
                scorer.persist(s)
        it = iter(results)
        lines = []
        for x in pending:
            if isinstance(x, ReadError):
                lines.append(orjson.dumps(x.to_json()))
                continue
            r = next(it)
            lines.append(orjson.dumps(r.to_json()))
            v = r.detection.verdict
            summary.scanned += 1
            if v is Verdict.VIOLATING:
                summary.violating += 1
            elif v is Verdict.REVIEW:
                summary.review += 1
            else:
                summary.benign += 1
        if out is not None:
            out.write(b"\n".join(lines) + b"\n")
            out.flush()
        if on_progress:
            on_progress(len(pending))
        pending, n_listings = [], 0

    status = "failed"
    try:
        with _sigterm_as_interrupt():
            for item in _items(paths, max_line_bytes):
                if isinstance(item, ReadError):
                    summary.errors += 1
                    if on_error:
                        on_error(item)
                else:
                    n_listings += 1
                pending.append(item)
                if n_listings >= batch_size or len(pending) >= 4 * batch_size:
                    flush()
            flush()
        status = "done"
    except (KeyboardInterrupt, _Terminated):
        summary.interrupted = True
        status = "interrupted"
    finally:
        summary.seconds = time.perf_counter() - t0
        if db is not None and summary.run_id is not None:
            with db.session() as s:
                repo.finish_run(s, summary.run_id, scanned=summary.scanned, violating=summary.violating,
                                review=summary.review, errors=summary.errors, status=status)
    return summary
