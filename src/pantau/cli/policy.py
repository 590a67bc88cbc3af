"""`pantau policy show`: the policy pack the detector reads, as tables or JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pantau.cli.common import fail, handles_errors
from pantau.detect.policy import PolicyPack


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"--on: {value!r} is not a date (YYYY-MM-DD)") from None


def _as_json(pack: PolicyPack, day: date | None) -> dict[str, Any]:
    out = pack.to_dict()
    out["content_hash"] = pack.content_hash
    if day is not None:
        out["legal_basis_on"] = {"date": day.isoformat(),
                                 "instruments": [x.id for x in pack.legal_basis_on(day)]}
    return out


def _show(pack: PolicyPack, day: date | None, console: Console) -> None:
    console.print(f"[bold]{pack.name}[/] version [bold]{pack.version}[/]  "
                  f"(sha256 {pack.content_hash[:16]}, {pack.source})", highlight=False)
    if pack.description:
        console.print(pack.description, markup=False, highlight=False)

    terms = Table(title="Terms", show_lines=False)
    for col in ("term", "category", "weight", "reads as", "needs", "other spellings"):
        terms.add_column(col, overflow="fold")
    for t in sorted(pack.terms, key=lambda t: (t.category, -t.weight, t.term)):
        needs = ", ".join(n for n, on in (("clothing", t.needs_clothing), ("support", t.needs_support),
                                          ("stem", t.stem)) if on)
        terms.add_row(t.term, t.category, f"{t.weight:g}", t.gloss, needs, ", ".join(t.spellings))
    console.print(terms)

    contexts = Table(title="Contexts that cancel terms")
    for col in ("context", "cancels", "meaning", "other forms"):
        contexts.add_column(col, overflow="fold")
    for c in pack.contexts:
        cancels = ", ".join(c.cancels) if "*" not in c.cancels else (
            "every term" + (f" of {', '.join(c.categories)}" if c.categories else ""))
        contexts.add_row(c.phrase, cancels, c.gloss, ", ".join(c.spellings))
    console.print(contexts)

    th = Table(title="Thresholds and weights (log-odds)")
    th.add_column("name")
    th.add_column("value", justify="right")
    for k, v in pack.thresholds.items():
        th.add_row(k, f"{v:g}")
    console.print(th)

    vocab = Table(title="Vocabularies")
    vocab.add_column("list")
    vocab.add_column("words", justify="right")
    vocab.add_column("first words", overflow="fold")
    for k, words in pack.vocab.items():
        vocab.add_row(k, str(len(words)), ", ".join(words[:8]) + (" ..." if len(words) > 8 else ""))
    console.print(vocab)

    legal = Table(title="Legal basis" + (f" in force on {day.isoformat()}" if day else ""))
    for col in ("id", "from", "until", "instrument"):
        legal.add_column(col, overflow="fold")
    for x in (pack.legal_basis_on(day) if day else pack.legal_basis):
        legal.add_row(x.id, x.valid_from.isoformat(), x.valid_until.isoformat() if x.valid_until else "",
                      x.title)
    console.print(legal)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    policy_app = typer.Typer(help="The policy pack: terms, contexts, thresholds, legal basis.",
                             no_args_is_help=True)

    @policy_app.command("show")
    @handles_errors
    def show(
        as_json: Annotated[bool, typer.Option("--json", help="Print the pack as JSON.")] = False,
        on: Annotated[str | None, typer.Option(
            "--on", help="Only the legal instruments in force on this date (YYYY-MM-DD).")] = None,
        pack_path: Annotated[Path | None, typer.Option(
            "--pack", help="A policy pack file (TOML or JSON); default: the bundled pack.")] = None,
    ) -> None:
        """Print the policy pack the detector uses."""
        day = _parse_day(on)
        pack = PolicyPack.load(pack_path)
        if as_json:
            typer.echo(json.dumps(_as_json(pack, day), ensure_ascii=False, indent=2))
        else:
            _show(pack, day, Console(highlight=False))

    app.add_typer(policy_app, name="policy")
