"""`pantau bank`: the photo hash bank, exchanged as CSV with ThreatExchange / HMA."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pantau.cli.common import handles_errors, open_db

bank_app = typer.Typer(help="The bank of photo hashes (PDQ) from taken-down or confirmed listings.",
                       no_args_is_help=True)


@bank_app.command("export")
@handles_errors
def export_cmd(
    file: Annotated[Path, typer.Argument(help="CSV file to write (signal_type,signal_value,... HMA style).")],
    taken_down_only: Annotated[bool, typer.Option(
        "--taken-down-only", help="Only photos of listings taken down by enforcement.")] = False,
) -> None:
    """Write the bank as CSV: PDQ hex plus the listing it came from."""
    from pantau.photos.exchange import export_csv
    from pantau.photos.repository import iter_entries

    with open_db() as db, db.session() as s:
        entries = (e for e in iter_entries(s) if e.taken_down or not taken_down_only)
        n = export_csv(entries, file)
    typer.echo(f"exported {n} hashes to {file}")


@bank_app.command("import")
@handles_errors
def import_cmd(
    file: Annotated[Path, typer.Argument(help="CSV from pantau, HMA or ThreatExchange (PDQ hex per row).",
                                         exists=True, dir_okay=False, readable=True)],
    taken_down: Annotated[bool, typer.Option(
        "--taken-down/--confirmed",
        help="Rows without a taken_down column count as taken down (default) or only confirmed.")] = True,
    min_quality: Annotated[int, typer.Option(
        help="Skip hashes whose quality column is below this (PDQ quality 0-100).")] = 50,
) -> None:
    """Add the hashes of an exchange file to the bank. Bad rows are reported and skipped."""
    from pantau.photos.exchange import import_csv
    from pantau.photos.repository import save_entries

    report = import_csv(file, taken_down=taken_down, min_quality=min_quality)
    with open_db() as db, db.session() as s:
        added = save_entries(s, report.entries)
    for err in report.errors:
        typer.echo(f"pantau: {err}", err=True)
    if report.error_count > len(report.errors):
        typer.echo(f"pantau: ... and {report.error_count - len(report.errors)} more bad rows", err=True)
    typer.echo(f"read {len(report.entries)} hashes, added or updated {added}; skipped "
               f"{report.error_count} bad rows, {report.skipped_other_types} of other signal types, "
               f"{report.skipped_low_quality} below quality {min_quality}")
    if report.error_count:
        raise typer.Exit(1)


@bank_app.command("stats")
@handles_errors
def stats_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """How many photos the bank holds, and how many listing photos were hashed."""
    from pantau.photos.repository import bank_counts

    with open_db() as db, db.session() as s:
        counts = bank_counts(s)
    if as_json:
        typer.echo(json.dumps(counts))
        return
    for k, v in counts.items():
        typer.echo(f"{k:15} {v}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(bank_app, name="bank")
