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


Pub = Annotated[Path, typer.Option("--pubkey", help="The regulator's Ed25519 public key (PEM) the pack must be "
                                                    "signed with")]


def _bundled(folder: str, patterns: tuple[str, ...]) -> Path | None:
    from importlib import resources

    root = Path(str(resources.files("pantau") / "data" / folder))
    found = sorted(p for pat in patterns for p in root.glob(pat) if p.is_file())
    return found[0] if len(found) == 1 else None


@pack_app.command("keygen")
@handles_errors
def keygen(
    out: Annotated[Path, typer.Option("--out", help="Private key file to create (the public key goes to OUT.pub)")],
) -> None:
    """Create an Ed25519 signing key pair for packs. Keep the private key off shared machines."""
    from pantau.scale.pack import key_id
    from pantau.scale.pack import keygen as make

    private, public = make(out)
    typer.echo(f"private key {private} (mode 600), public key {public}, key id {key_id(public)}")


@pack_app.command("export")
@handles_errors
def export(
    out: Annotated[Path, typer.Argument(help="Pack file to write (.tar)")],
    key: Annotated[Path, typer.Option("--key", help="Ed25519 private key (PEM) to sign with")],
    policy: Annotated[Path | None, typer.Option(help="Policy pack file (default: the bundled one)")] = None,
    model: Annotated[Path | None, typer.Option(help="Model artifact (default: the bundled one, if any)")] = None,
    bank: Annotated[Path | None, typer.Option(help="Photo hash bank export, CSV (`pantau bank export`)")] = None,
    note: Annotated[str, typer.Option(help="Free text kept in the manifest")] = "",
) -> None:
    """Sign the policy, model and photo bank into one pack a platform can run on its own catalogue."""
    import hashlib

    from pantau.detect.model import bundled_path
    from pantau.detect.policy import PolicyPack
    from pantau.scale.pack import export_pack

    policy = policy or _bundled("policy", ("*.toml", "*.json"))
    if policy is None:
        raise InputError("no --policy given and no single bundled policy pack found")
    if model is None:
        model = bundled_path() if bundled_path().is_file() else None
    version = PolicyPack.load(policy).version
    model_hash = hashlib.sha256(model.read_bytes()).hexdigest() if model else ""
    manifest = export_pack(out, key, policy=policy, model=model, bank=bank, policy_version=version,
                           model_hash=model_hash, note=note)
    for name, meta in manifest["files"].items():
        typer.echo(f"{name}  {meta['size']:>12,}  sha256 {meta['sha256']}")
    typer.echo(f"signed pack {out}")


@pack_app.command("verify")
@handles_errors
def verify(
    pack: Annotated[Path, typer.Argument(help="Pack file (.tar)")],
    pubkey: Pub,
) -> None:
    """Check a pack's signature, every member's sha256, and that it holds nothing unsafe (exit 1 if not)."""
    import shutil

    from pantau.scale.pack import verify_pack

    v = verify_pack(pack, pubkey)
    shutil.rmtree(v.folder, ignore_errors=True)
    m = v.manifest
    typer.echo(f"OK: signed by key {v.key_id}, created {m.get('created_at')}, policy {m.get('policy_version')!r}, "
               f"manifest sha256 {v.manifest_sha256}")
    for name, meta in m["files"].items():
        typer.echo(f"  {name}  {meta['size']:,} bytes")


class PackScorer:
    """Picklable scorer factory for Ray workers: rebuilds the scorer from the verified pack's files.
    On a multi-node cluster the unpacked folder must be on storage every node can read."""

    def __init__(self, folder: str, manifest: dict, manifest_sha256: str, key: str, paths: dict[str, str]) -> None:
        self.args = (folder, manifest, manifest_sha256, key, paths)

    def __call__(self):  # type: ignore[no-untyped-def]
        from pantau.scale.pack import VerifiedPack, scorer_from_pack

        folder, manifest, sha, key, paths = self.args
        return scorer_from_pack(VerifiedPack(Path(folder), manifest, sha, key,
                                             {k: Path(v) for k, v in paths.items()}))


@pack_app.command("scan")
@handles_errors
def scan(
    pack: Annotated[Path, typer.Argument(help="Signed pack file (.tar)")],
    files: Annotated[list[str], typer.Argument(help="The platform's catalogue: .jsonl or .parquet, paths or URLs")],
    pubkey: Pub,
    output: Annotated[Path, typer.Option("--output", "-o", help="Hits file to send back (JSONL)")],
    engine: Annotated[str, typer.Option(help="local (in this process) or ray")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster address for --engine ray")] = None,
    workers: Annotated[int | None, typer.Option(help="Ray workers (default: all CPUs)")] = None,
    parts: Annotated[Path | None, typer.Option(help="Folder for the full results parts (default: beside --output)")]
    = None,
) -> None:
    """Platform-side scan: run a signed pack over your own catalogue and write only the hits
    (violating and review, with their evidence and the pack's fingerprint), not the catalogue."""
    import shutil

    from pantau.scale.pack import scorer_from_pack, verify_pack
    from pantau.scale.results import write_jsonl

    v = verify_pack(pack, pubkey)
    parts_dir = parts or output.with_name(output.name + ".parts")
    try:
        if engine == "ray":
            from pantau.scale.ray_engine import run_ray_scan

            factory = PackScorer(str(v.folder), v.manifest, v.manifest_sha256, v.key_id,
                                 {k: str(p) for k, p in v.paths.items()})
            summary = run_ray_scan(files, parts_dir, address, workers, factory, identifiers=False, link=False)
        elif engine == "local":
            from pantau.scale.inprocess import scan_in_process

            summary = scan_in_process(files, parts_dir, scorer_from_pack(v), link=False)
        else:
            raise InputError(f"unknown engine {engine!r}; use local or ray")
        with output.open("wb") as f:
            hits = write_jsonl(summary.parts, f, hits_only=True, provenance=v.provenance)
    finally:
        shutil.rmtree(v.folder, ignore_errors=True)
    typer.echo(f"{summary.line()}; {hits} hits in {output}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("synth")(synth)
    app.add_typer(pack_app, name="pack")
