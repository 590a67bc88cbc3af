"""`pantau scan`: read listing files, score them, store what was seen, write one result per line."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pantau.cli.common import fail, handles_errors, open_db
from pantau.errors import InputError
from pantau.ingest.readers import MAX_LINE_BYTES, ReadError
from pantau.local_scan import ScanSummary, check_inputs, count_records, scan_files
from pantau.scorer_factory import build_scorer

MAX_ERRORS_SHOWN = 50


def _run_local(files: list[Path], output: Path | None, batch_size: int, store: bool,
               max_line_bytes: int) -> ScanSummary:
    err = Console(stderr=True, highlight=False)
    shown = 0

    def on_error(e: ReadError) -> None:
        nonlocal shown
        shown += 1
        if shown <= MAX_ERRORS_SHOWN:
            err.print(f"[yellow]skipped[/] {e}", markup=True, highlight=False, soft_wrap=True)
        elif shown == MAX_ERRORS_SHOWN + 1:
            err.print(f"(more errors: only the first {MAX_ERRORS_SHOWN} are shown here; "
                      "every one is in the output with its line number)")

    check_inputs(files)
    out_path = output if output and str(output) != "-" else None
    partial = out_path.with_name(out_path.name + ".partial") if out_path else None
    with open_db() if store else nullcontext() as db:
        scorer = build_scorer(db)
        out = partial.open("wb") if partial else sys.stdout.buffer
        try:
            if err.is_terminal:
                total = count_records(files)
                columns = [TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
                with Progress(*columns, console=err, transient=True) as progress:
                    task = progress.add_task("scan", total=total or None)
                    summary = scan_files(files, scorer, db=db, out=out, batch_size=batch_size,
                                         max_line_bytes=max_line_bytes, on_error=on_error,
                                         on_progress=lambda n: progress.advance(task, n))
            else:
                summary = scan_files(files, scorer, db=db, out=out, batch_size=batch_size,
                                     max_line_bytes=max_line_bytes, on_error=on_error)
        finally:
            if partial:
                out.close()
    if partial and out_path:
        if summary.interrupted:
            err.print(f"interrupted: results so far are in {partial}; the store holds every batch written "
                      "there. Scanning the same files again completes the work without duplicates.")
        else:
            partial.replace(out_path)
    return summary


Files = Annotated[list[Path], typer.Argument(help="Listing files: .jsonl, .csv or .parquet (JSONL/CSV may be .gz).")]
Output = Annotated[Path | None, typer.Option("--output", "-o",
                                             help="Result JSONL file ('-' or absent: standard output).")]
BatchSize = Annotated[int, typer.Option(help="Listings scored and stored per transaction.", min=1, max=100_000)]
Store = Annotated[bool, typer.Option("--store/--no-store", help="Keep listings, sellers and results in the store.")]
MaxLine = Annotated[int, typer.Option(help="Longest accepted input line in bytes; longer ones are reported, skipped.",
                                      min=1024)]
Engine = Annotated[str, typer.Option(help="local (default) or ray (needs pantau[ray]).")]
Address = Annotated[str | None, typer.Option(help="Ray cluster address for --engine ray.")]


def register(app: typer.Typer) -> None:
    @app.command()
    @handles_errors
    def scan(files: Files, output: Output = None, batch_size: BatchSize = 512, store: Store = True,
             max_line_bytes: MaxLine = MAX_LINE_BYTES, engine: Engine = "local", address: Address = None) -> None:
        """Scan listing files; write one result per input line, in order."""
        summary: Any
        if engine == "ray":
            from pantau.scale.command import run_ray

            check_inputs(files)
            if store:
                with open_db() as db:
                    summary = run_ray(files, output, address, db=db)
            else:
                summary = run_ray(files, output, address)
        elif engine != "local":
            raise InputError(f"unknown engine {engine!r}; use local or ray")
        else:
            summary = _run_local(files, output, batch_size, store, max_line_bytes)
        print(summary.line(), file=sys.stderr)
        if summary.interrupted:
            raise typer.Exit(130)
        if summary.scanned == 0 and summary.errors:
            raise fail("no listing could be read", code=1)
