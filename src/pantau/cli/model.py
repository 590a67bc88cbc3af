"""`pantau model` commands: build the training corpus, train the text model, show an artifact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pantau.cli.common import handles_errors

model_app = typer.Typer(help="The learned text model: corpus, training, artifact.", no_args_is_help=True)


@model_app.command("train")
@handles_errors
def train_cmd(
    corpus: Annotated[Path | None, typer.Option(help="Labelled JSONL corpus (default: the bundled one).")] = None,
    out: Annotated[Path | None, typer.Option(help="Artifact to write (default: the bundled model file).")] = None,
    seed: Annotated[int, typer.Option(help="Seed for the folds and the learner.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the training report as JSON.")] = False,
) -> None:
    """Train the text model reproducibly and write the artifact plus its sha256."""
    from pantau.detect.train import train

    report = train(corpus, out, seed=seed)
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    print(f"wrote {report.out_path}")
    print(f"sha256 {report.hash}")
    print(f"corpus sha256 {report.corpus_hash}  rows {report.rows}  seed {report.seed}")
    print("metrics " + "  ".join(f"{k} {v}" for k, v in report.metrics.items()))


@model_app.command("show")
@handles_errors
def show_cmd(
    path: Annotated[Path | None, typer.Option(help="Artifact to show (default: the bundled one).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metadata as JSON.")] = False,
) -> None:
    """Print an artifact's hash, corpus hash, seed and training metrics."""
    from pantau.detect.features import default_normaliser
    from pantau.detect.model import load_model
    from pantau.detect.train import normaliser_fingerprint

    model = load_model(path)
    meta = model.meta
    current = normaliser_fingerprint(default_normaliser()[0])
    stale = meta.get("normaliser_fingerprint") != current
    if as_json:
        print(json.dumps({"sha256": model.hash, **meta, "normaliser_changed_since_training": stale}, indent=2))
        return
    print(f"sha256        {model.hash}")
    print(f"format        {meta.get('format')}  bits {meta.get('bits')}  learner {meta.get('learner')}")
    print(f"corpus sha256 {meta.get('corpus_sha256')}  rows {meta.get('corpus_rows')}")
    print(f"seed          {meta.get('seed')}  C {meta.get('C')}  folds {meta.get('folds')}")
    print(f"normaliser    {meta.get('normaliser')} ({meta.get('normaliser_fingerprint')})"
          + ("  CHANGED since training: run `pantau model train`" if stale else ""))
    print("metrics       " + "  ".join(f"{k} {v}" for k, v in (meta.get("metrics") or {}).items()))
    print("thresholds    " + "  ".join(f"{k} {v}" for k, v in model.thresholds.items()))


@model_app.command("corpus")
@handles_errors
def corpus_cmd(
    out: Annotated[Path, typer.Option(help="Where to write the generated corpus (JSONL).")],
    n: Annotated[int, typer.Option(help="Listings to generate before counterfactual twins.")] = 8000,
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 0,
) -> None:
    """Regenerate the training corpus from its seeded generator (the bundled one is n=8000, seed=0)."""
    from pantau.detect.corpus_gen import write

    print(f"wrote {write(out, n, seed)} rows to {out}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(model_app, name="model")
