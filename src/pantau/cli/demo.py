"""`pantau demo`: scan the bundled sample into the default store, then serve the console on it."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pantau.cli.common import handles_errors, open_db, settings
from pantau.local_scan import scan_files
from pantau.scorer_factory import build_scorer
from pantau.store.db import Database


def demo_corpus() -> Path:
    return Path(str(resources.files("pantau") / "data" / "demo" / "listings.jsonl"))


def _seed_logins(db: Database) -> list[tuple[str, str, str]]:
    try:
        from pantau.console.seed import seed_demo_users
    except ImportError:
        return []
    return list(seed_demo_users(db))


def register(app: typer.Typer) -> None:
    @app.command()
    @handles_errors
    def demo(
        serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the console when done.")] = True,
        host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    ) -> None:
        """Scan the bundled sample corpus into the default store and serve the console on it."""
        out = Console()
        corpus = demo_corpus()
        s = settings()
        home = s.ensure_home()
        results = home / "demo-results.jsonl"
        out.print(f"[bold]pantau demo[/]: scanning the bundled sample {corpus.name} into {s.database_url}")
        with open_db() as db:
            scorer = build_scorer(db)
            with results.open("wb") as f:
                summary = scan_files([corpus], scorer, db=db, out=f)
            logins = _seed_logins(db)
        table = Table(title="Scan of the sample", show_header=False)
        for k in ("scanned", "violating", "review", "benign", "errors"):
            table.add_row(k, str(getattr(summary, k)))
        table.add_row("seconds", f"{summary.seconds:.1f}")
        out.print(table)
        out.print(f"results, one line per listing: {results}")
        out.print(f"policy pack {scorer.policy_version}, model {scorer.model_hash[:12]}")
        out.print("next: [cyan]pantau sellers show PLATFORM/SELLER_ID[/], [cyan]pantau terms suggest[/], "
                  "[cyan]pantau policy show[/]")
        if logins:
            t = Table(title="Console logins")
            for col in ("role", "username", "password"):
                t.add_column(col)
            for role, user, password in logins:
                t.add_row(role, user, password)
            out.print(t)
        if not serve:
            return
        out.print(f"serving the console on http://{host}:{port}  (Ctrl-C stops)")
        sys.stdout.flush()
        from pantau.cli.serve import serve as serve_api

        serve_api(host=host, port=port)
