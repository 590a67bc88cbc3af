"""The `pantau` command. Each capability's commands live in their own module and register here,
in one explicit list (STYLE.md: built-ins registered the same way as anything else)."""

from __future__ import annotations

import typer

from pantau.cli import bank, demo, model, notices, pack, policy, review, scan, sellers, serve, terms

app = typer.Typer(
    name="pantau",
    help="Find, take down and keep down listings of banned imported used clothing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

MODULES = (scan, demo, policy, model, sellers, bank, notices, review, terms, serve, pack)

for module in MODULES:
    module.register(app)


def main() -> None:  # pragma: no cover - console entry point alias
    app()
