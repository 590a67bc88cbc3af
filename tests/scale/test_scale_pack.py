"""Signed packs: a platform must run only what the regulator signed, and nothing unsafe."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pantau.cli.main import app
from pantau.scale import pack as P


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    return P.keygen(tmp_path / "key")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    d = tmp_path / "in"
    d.mkdir()
    (d / "policy.toml").write_text('version = "test-1"\n')
    (d / "model.bin").write_bytes(b"\x00model" * 100)
    (d / "bank.csv").write_text("signal_type,signal_value\npdq," + "f" * 64 + "\n")
    return {"policy": d / "policy.toml", "model": d / "model.bin", "bank": d / "bank.csv"}


@pytest.fixture
def signed(tmp_path: Path, keys: tuple[Path, Path], files: dict[str, Path]) -> Path:
    out = tmp_path / "p.tar"
    P.export_pack(out, keys[0], **files, policy_version="test-1", model_hash="abc")
    return out


def _rewrite(src: Path, dst: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Copy a tar member by member, letting `change(info, data)` alter, drop (None) or add members."""
    with tarfile.open(src) as tin, tarfile.open(dst, "w", format=tarfile.PAX_FORMAT) as tout:
        for m in tin:
            data = tin.extractfile(m).read()  # type: ignore[union-attr]
            for info, body in change(m, data) or []:
                if body is None:
                    tout.addfile(info)
                else:
                    info.size = len(body)
                    tout.addfile(info, io.BytesIO(body))


def test_a_signed_pack_verifies_and_unpacks_what_was_signed(signed: Path, keys: tuple[Path, Path],
                                                            files: dict[str, Path], tmp_path: Path) -> None:
    v = P.verify_pack(signed, keys[1], into=tmp_path)
    assert set(v.paths) == {"policy", "model", "bank"}
    for role, path in v.paths.items():
        assert path.read_bytes() == files[role].read_bytes()
        assert path.is_relative_to(v.folder)
    assert v.provenance["policy_version"] == "test-1" and len(v.provenance["manifest_sha256"]) == 64


def test_the_wrong_key_is_refused(signed: Path, tmp_path: Path) -> None:
    _, other_pub = P.keygen(tmp_path / "other")
    with pytest.raises(P.PackError, match="signature does not verify"):
        P.verify_pack(signed, other_pub)


def test_a_changed_member_is_refused_and_nothing_is_left_behind(signed: Path, keys: tuple[Path, Path],
                                                                tmp_path: Path) -> None:
    bad = tmp_path / "bad.tar"
    _rewrite(signed, bad, lambda m, d: [(m, d.replace(b"test-1", b"test-2") if m.name.startswith("policy/")
                                          else d)])
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(P.PackError, match="does not match its sha256"):
        P.verify_pack(bad, keys[1], into=staging)
    assert list(staging.iterdir()) == []


def test_a_changed_manifest_is_refused(signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    def change(m, d):  # type: ignore[no-untyped-def]
        if m.name == P.MANIFEST:
            doc = json.loads(d)
            doc["policy_version"] = "forged"
            d = json.dumps(doc, sort_keys=True, indent=2).encode()
        return [(m, d)]

    bad = tmp_path / "bad.tar"
    _rewrite(signed, bad, change)
    with pytest.raises(P.PackError, match="signature"):
        P.verify_pack(bad, keys[1])


@pytest.mark.parametrize("name", ["../evil.sh", "/etc/passwd", "policy/../../x", "other/x.txt", "policy/.hidden"])
def test_unsafe_or_unexpected_names_are_refused(signed: Path, keys: tuple[Path, Path], tmp_path: Path,
                                                name: str) -> None:
    def change(m, d):  # type: ignore[no-untyped-def]
        out = [(m, d)]
        if m.name == P.SIGNATURE:
            out.append((tarfile.TarInfo(name), b"boom"))
        return out

    bad = tmp_path / "bad.tar"
    _rewrite(signed, bad, change)
    with pytest.raises(P.PackError, match="not allowed"):
        P.verify_pack(bad, keys[1], into=tmp_path)
    assert not (tmp_path.parent / "evil.sh").exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE, tarfile.CHRTYPE])
def test_links_folders_and_devices_are_refused(signed: Path, keys: tuple[Path, Path], tmp_path: Path,
                                               kind: bytes) -> None:
    def change(m, d):  # type: ignore[no-untyped-def]
        if not m.name.startswith("bank/"):
            return [(m, d)]
        info = tarfile.TarInfo(m.name)
        info.type, info.linkname = kind, "/etc/passwd"
        return [(info, None)]

    bad = tmp_path / "bad.tar"
    _rewrite(signed, bad, change)
    with pytest.raises(P.PackError, match="plain files only"):
        P.verify_pack(bad, keys[1])


def test_an_unsigned_extra_member_and_a_missing_member_are_refused(signed: Path, keys: tuple[Path, Path],
                                                                   tmp_path: Path) -> None:
    extra = tmp_path / "extra.tar"
    _rewrite(signed, extra, lambda m, d: [(m, d)] + ([(tarfile.TarInfo("model/extra.bin"), b"x")]
                                                      if m.name.startswith("model/") else []))
    with pytest.raises(P.PackError, match="not in the signed manifest"):
        P.verify_pack(extra, keys[1])
    missing = tmp_path / "missing.tar"
    _rewrite(signed, missing, lambda m, d: [] if m.name.startswith("model/") else [(m, d)])
    with pytest.raises(P.PackError, match="does not hold it"):
        P.verify_pack(missing, keys[1])


def test_oversized_members_and_compressed_archives_are_refused(signed: Path, keys: tuple[Path, Path],
                                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(P, "MAX_MEMBER_BYTES", 100)
    with pytest.raises(P.PackError, match="the limit is 100"):
        P.verify_pack(signed, keys[1])
    monkeypatch.undo()
    gz = tmp_path / "p.tar.gz"
    with tarfile.open(gz, "w:gz") as t:
        t.add(signed, arcname="p.tar")
    with pytest.raises(P.PackError, match="uncompressed tar"):
        P.verify_pack(gz, keys[1])


def test_keygen_never_overwrites_a_key(keys: tuple[Path, Path]) -> None:
    before = keys[0].read_bytes()
    with pytest.raises(Exception, match="refusing to overwrite"):
        P.keygen(keys[0])
    assert keys[0].read_bytes() == before
    assert keys[0].stat().st_mode & 0o077 == 0


def test_cli_export_verify_and_platform_scan_sends_back_hits_only(tmp_path: Path) -> None:
    from pantau.synth.demo_corpus import DEMO_DIR

    run = CliRunner().invoke
    assert run(app, ["pack", "keygen", "--out", str(tmp_path / "k")]).exit_code == 0
    res = run(app, ["pack", "export", str(tmp_path / "p.tar"), "--key", str(tmp_path / "k")])
    assert res.exit_code == 0, res.output
    res = run(app, ["pack", "verify", str(tmp_path / "p.tar"), "--pubkey", str(tmp_path / "k.pub")])
    assert res.exit_code == 0 and "OK" in res.output
    res = run(app, ["pack", "scan", str(tmp_path / "p.tar"), str(DEMO_DIR / "listings.jsonl"), "--pubkey",
                    str(tmp_path / "k.pub"), "--output", str(tmp_path / "hits.jsonl")])
    assert res.exit_code == 0, res.output
    hits = [json.loads(x) for x in (tmp_path / "hits.jsonl").read_text().splitlines()]
    total = (DEMO_DIR / "listings.jsonl").read_text().count("\n")
    assert 0 < len(hits) < total
    assert {h["verdict"] for h in hits} <= {"violating", "review"}
    assert all(h["evidence"] and h["pack"]["key_id"] for h in hits)
    assert all("title" not in h and "description" not in h for h in hits)  # the catalogue stays home
    P.keygen(tmp_path / "other")
    res = run(app, ["pack", "scan", str(tmp_path / "p.tar"), str(DEMO_DIR / "listings.jsonl"), "--pubkey",
                    str(tmp_path / "other.pub"), "--output", str(tmp_path / "hits2.jsonl")])
    assert res.exit_code == 1 and not (tmp_path / "hits2.jsonl").exists()


def test_a_pack_with_a_photo_bank_scans_with_it(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    from pantau.synth.demo_corpus import DEMO_DIR

    bank = tmp_path / "bank.csv"
    bank.write_text("signal_type,signal_value,platform,listing_id\npdq," + "a5" * 32 + ",shopee,123\n")
    policy = next((Path(str(DEMO_DIR.parent)) / "policy").glob("*.toml"))
    P.export_pack(tmp_path / "p.tar", keys[0], policy=policy, bank=bank)
    v = P.verify_pack(tmp_path / "p.tar", keys[1], into=tmp_path)
    scorer = P.scorer_from_pack(v)
    assert type(scorer.photos).__name__ == "BankPhotoMatcher"
    lines = (DEMO_DIR / "listings.jsonl").read_text().splitlines()[:40]
    (tmp_path / "few.jsonl").write_text("\n".join(lines) + "\n")  # photos are missing here: warnings only
    from pantau.ingest.readers import read_listings

    results = scorer.score([x for x in read_listings(tmp_path / "few.jsonl")])
    assert len(results) == 40 and any(r.detection.verdict.value == "violating" for r in results)
