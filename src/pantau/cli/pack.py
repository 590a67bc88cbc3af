"""`pantau pack ...` (signed policy packs for platform-side scans) and `pantau synth` (synthetic
catalogues for benchmarks)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from pantau.cli.common import handles_errors
from pantau.errors import InputError

pack_app = typer.Typer(help="Signed policy packs: export, verify, and scan a catalogue platform-side.",
                       no_args_is_help=True)


@handles_errors
def synth(
    out: Annotated[Path, typer.Option("--out", help="Output file: .jsonl or .parquet")],
    n: Annotated[int, typer.Option("--n", min=1, help="Number of listings")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same catalogue")] = 0,
    photos: Annotated[Path | None, typer.Option(
        "--photos", help="Also draw a pool of product photos into this folder and reference them")] = None,
    violating_scale: Annotated[float, typer.Option(
        help="Multiply the share of violating listings (1.0 is about 6%)")] = 1.0,
) -> None:
    """Write a seeded synthetic catalogue (streamed: memory stays flat for any --n)."""
    from pantau.synth import generate, write_photo_pool
    from pantau.synth.writers import write

    if out.suffix not in (".jsonl", ".ndjson", ".parquet"):
        raise InputError("write .jsonl or .parquet", where=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    prefix = "photos"
    if photos is not None:
        count = write_photo_pool(photos)
        prefix = os.path.relpath(photos.resolve(), out.parent.resolve())
        typer.echo(f"{count} photos in {photos}")
    rows = generate(n, seed, photos=photos is not None, photo_prefix=prefix, violating_scale=violating_scale)
    written = write(rows, out)
    typer.echo(f"{written} listings in {out}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("synth")(synth)
    app.add_typer(pack_app, name="pack")
