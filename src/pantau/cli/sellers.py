"""`pantau sellers show PLATFORM/SELLER_ID`: the operator behind a seller, its accounts, the evidence,
its history."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pantau.cli.common import handles_errors, open_db
from pantau.errors import InputError

sellers_app = typer.Typer(help="Seller accounts and the operators behind them.", no_args_is_help=True)


@sellers_app.command("show")
@handles_errors
def show(
    seller: Annotated[str, typer.Argument(help="PLATFORM/SELLER_ID, e.g. shopee/634251656")],
    identifiers: Annotated[bool, typer.Option(help="Also list every contact identifier of every account.")] = False,
) -> None:
    """Show the operator a seller belongs to: its accounts, the evidence that links them, its history."""
    platform, sep, seller_id = seller.partition("/")
    if not sep or not platform or not seller_id:
        raise InputError(f"expected PLATFORM/SELLER_ID, got {seller!r}", where="sellers show")
    from pantau.sellers.report import seller_report  # here, not at start-up: it pulls in datasketch/scipy

    with open_db() as db, db.session() as s:
        report = seller_report(s, platform, seller_id)
    out = Console(highlight=False)
    title = f"Seller {escape(seller)}"
    if report.operator_id:
        merged = f" (absorbed {', '.join(report.merged)})" if report.merged else ""
        out.print(f"[bold]{title}[/] belongs to operator [bold]{report.operator_id}[/]{merged}")
    else:
        out.print(f"[bold]{title}[/] is not linked to any other account")
    table = Table(title="Accounts")
    for col in ("account", "shop name", "location", "opened", "taken down", "score"):
        table.add_column(col, overflow="fold")
    for acc in report.accounts:
        table.add_row(escape(acc.key), escape(acc.name), escape(acc.location), acc.first_seen or "",
                      acc.taken_down or "", f"{acc.score:.2f}" if acc.score else "")
    out.print(table)
    if report.links:
        out.print("[bold]Evidence[/]")
        for a, b, score, evidence in report.links:
            out.print(f"  {escape(a)} ~ {escape(b)}  score {score:.2f}")
            for line in evidence[:6]:
                out.print(f"    - {escape(line)}")
    if identifiers:
        idt = Table(title="Identifiers")
        for col in ("account", "kind", "value", "as written"):
            idt.add_column(col, overflow="fold")
        for acc in report.accounts:
            for kind, value, source in acc.identifiers:
                idt.add_row(escape(acc.key), kind, escape(value), escape(source))
        out.print(idt)
    if report.history:
        out.print("[bold]History[/]")
        for when, text in report.history:
            out.print(f"  {when}  {escape(text)}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(sellers_app, name="sellers")
