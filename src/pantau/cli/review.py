"""`pantau review import FILE.jsonl`: analyst decisions in bulk (shared/spec/contract.md)."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pantau.cli.common import handles_errors, open_db

review_app = typer.Typer(help="Analyst review decisions.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(review_app, name="review")


def default_analyst() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in a container: still say it came from the command line
        user = "unknown"
    return os.environ.get("PANTAU_ANALYST") or f"cli:{user}"


def printable(text: str) -> str:
    """Listing ids are seller-controlled: never let one drive the terminal."""
    return "".join(c if c.isprintable() else "?" for c in text)


@review_app.command("import")
@handles_errors
def review_import(
    file: Annotated[Path, typer.Argument(help='JSON Lines: {"platform", "listing_id", "decision", "note"?} a line')],
    analyst: Annotated[str | None, typer.Option(help="who decided (default: $PANTAU_ANALYST or cli:<login>)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Record analyst decisions; bad lines are reported with their number (exit 2) and the rest imported."""
    from pantau.terms.service import import_decisions

    who = analyst or default_analyst()
    with open_db() as db, db.session() as s:
        report = import_decisions(s, file, analyst=who)
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(f"imported {report.imported} decisions from {file} ({report.violating} violating, "
              f"{report.benign} benign)")
        for d in report.unknown:
            print(f"{file}:{d.line}: unknown listing {printable(d.key)} (recorded; it applies once the listing "
                  "is scanned)")
    for e in report.errors:
        print(f"pantau: {file}:{e.line}: {e.message}", file=sys.stderr)
    if report.errors:
        print(f"pantau: {len(report.errors)} bad line(s) skipped in {file}", file=sys.stderr)
        raise typer.Exit(2)
