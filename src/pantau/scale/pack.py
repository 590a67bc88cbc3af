"""Signed policy packs: what a regulator gives a platform to scan its own catalogue.

A pack is one tar archive holding the policy pack file, the model artifact and the photo hash
bank export, plus `manifest.json` (every member's sha256 and size, the policy version and model
hash) and `manifest.sig` (an Ed25519 signature of the manifest's exact bytes). A platform pins the
regulator's public key; `open_pack` refuses a pack whose signature or any hash does not verify,
and any archive member that is not a plain file with a safe, expected name and a bounded size
(path traversal, absolute paths, links, devices, oversized or decompression-bomb members).

We read members ourselves instead of `tarfile.extractall`: every member header is checked and the
signature verified before any file is written, only files named in the signed manifest are written,
each to a name we build, and the staging folder is removed unless every hash matches.
Ed25519 comes from the `cryptography` package (no hand-rolled cryptography).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pantau.errors import InputError, PantauError

FORMAT = "pantau-pack/1"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
ROLES = ("policy", "model", "bank")
MAX_MEMBER_BYTES = 1024 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBERS = 64
MAX_MANIFEST_BYTES = 1024 * 1024
_NAME = re.compile(r"^(policy|model|bank)/[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class PackError(PantauError):
    """A pack that must not be used: bad signature, wrong hash, unsafe or unexpected member."""

    exit_code = 1
    http_status = 422


# ---- keys ------------------------------------------------------------------------------------
def _crypto() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise PantauError("signed packs need the cryptography package: pip install cryptography") from None
    return ed25519


def keygen(private_path: Path, public_path: Path | None = None) -> tuple[Path, Path]:
    """Write a new Ed25519 key pair: the private key as PEM (mode 0600), the public key as PEM."""
    from cryptography.hazmat.primitives import serialization as ser

    ed = _crypto()
    public_path = public_path or private_path.with_name(private_path.name + ".pub")
    if private_path.exists():
        raise InputError("already exists; refusing to overwrite a key", where=str(private_path))
    key = ed.Ed25519PrivateKey.generate()
    pem = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public_path.write_bytes(key.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo))
    return private_path, public_path


def _load_private(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization as ser

    ed = _crypto()
    try:
        key = ser.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as e:
        raise InputError(f"not a readable unencrypted PEM private key ({e})", where=str(path)) from None
    if not isinstance(key, ed.Ed25519PrivateKey):
        raise InputError("not an Ed25519 private key", where=str(path))
    return key


def _load_public(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization as ser

    ed = _crypto()
    try:
        key = ser.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as e:
        raise InputError(f"not a readable PEM public key ({e})", where=str(path)) from None
    if not isinstance(key, ed.Ed25519PublicKey):
        raise InputError("not an Ed25519 public key", where=str(path))
    return key


def key_id(public_path: Path) -> str:
    """A short fingerprint of a public key, to name it in messages and manifests."""
    from cryptography.hazmat.primitives import serialization as ser

    raw = _load_public(public_path).public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


# ---- export ----------------------------------------------------------------------------------
def _sha256_file(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def export_pack(out: Path, key_path: Path, *, policy: Path, model: Path | None = None, bank: Path | None = None,
                policy_version: str = "", model_hash: str = "", note: str = "") -> dict[str, Any]:
    """Write a signed pack to `out`; returns its manifest."""
    key = _load_private(key_path)
    files: dict[str, dict[str, Any]] = {}
    sources: dict[str, Path] = {}
    for role, path in (("policy", policy), ("model", model), ("bank", bank)):
        if path is None:
            continue
        if not path.is_file():
            raise InputError("no such file", where=str(path))
        name = f"{role}/{path.name}"
        if not _NAME.match(name):
            raise InputError(f"file name {path.name!r} is not allowed in a pack (letters, digits, . _ -)",
                             where=str(path))
        digest, size = _sha256_file(path)
        if size > MAX_MEMBER_BYTES:
            raise InputError(f"is {size:,} bytes; a pack member may be at most {MAX_MEMBER_BYTES:,}",
                             where=str(path))
        files[name] = {"sha256": digest, "size": size, "role": role}
        sources[name] = path
    manifest = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "policy_version": policy_version, "model_hash": model_hash, "note": note, "files": files}
    body = json.dumps(manifest, sort_keys=True, indent=2).encode()
    sig = base64.b64encode(key.sign(body)) + b"\n"
    tmp = out.with_name(out.name + ".partial")
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in ((MANIFEST, body), (SIGNATURE, sig)):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
        for name, path in sources.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = files[name]["size"], 0o644, 0
            with path.open("rb") as f:
                tar.addfile(info, f)
    tmp.replace(out)
    return manifest


# ---- verify and open -------------------------------------------------------------------------
@dataclass(slots=True)
class VerifiedPack:
    """A pack whose signature and hashes verified, unpacked into `folder`."""

    folder: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    key_id: str
    paths: dict[str, Path] = field(default_factory=dict)  # role -> file

    @property
    def provenance(self) -> dict[str, Any]:
        """What a platform's hits carry so the regulator knows which pack found them."""
        return {"manifest_sha256": self.manifest_sha256, "key_id": self.key_id,
                "policy_version": self.manifest.get("policy_version", ""),
                "model_hash": self.manifest.get("model_hash", "")}


def _check_member(m: tarfile.TarInfo, where: str) -> None:
    if not m.isfile():
        kind = "a link" if (m.issym() or m.islnk()) else "a folder" if m.isdir() else "a special file"
        raise PackError(f"member {m.name!r} is {kind}; a pack holds plain files only", where=where)
    name = m.name
    if name not in (MANIFEST, SIGNATURE) and not _NAME.match(name):
        raise PackError(f"member name {name!r} is not allowed (absolute, '..', or outside policy/ model/ bank/)",
                        where=where)
    limit = MAX_MANIFEST_BYTES if name in (MANIFEST, SIGNATURE) else MAX_MEMBER_BYTES
    if m.size > limit:
        raise PackError(f"member {name!r} is {m.size:,} bytes; the limit is {limit:,}", where=where)


def _read_member(tar: tarfile.TarFile, m: tarfile.TarInfo, where: str) -> bytes:
    f = tar.extractfile(m)
    if f is None:
        raise PackError(f"member {m.name!r} cannot be read", where=where)
    data = f.read(m.size + 1)
    if len(data) != m.size:
        raise PackError(f"member {m.name!r} is truncated or longer than its header says", where=where)
    return data


def verify_pack(pack: Path, public_key: Path, *, into: Path | None = None) -> VerifiedPack:
    """Check a pack completely; on success unpack its files into a new folder (inside `into` when
    given, else in the temporary folder). Raises PackError naming the first problem; nothing is
    left behind unless all checks pass."""
    where = str(pack)
    if not pack.is_file():
        raise InputError("no such pack file", where=where)
    if pack.stat().st_size > MAX_TOTAL_BYTES + MAX_MANIFEST_BYTES * 4:
        raise PackError(f"is larger than {MAX_TOTAL_BYTES:,} bytes", where=where)
    pub = _load_public(public_key)
    try:
        tar = tarfile.open(pack, "r:")  # noqa: SIM115 - closed by the with below; uncompressed only
    except tarfile.TarError as e:
        raise PackError(f"not an uncompressed tar archive ({e})", where=where) from None
    with tar:
        members: dict[str, tarfile.TarInfo] = {}
        total = 0
        for i, m in enumerate(tar):
            if i >= MAX_MEMBERS:
                raise PackError(f"holds more than {MAX_MEMBERS} members", where=where)
            _check_member(m, where)
            if m.name in members:
                raise PackError(f"member {m.name!r} appears twice", where=where)
            total += m.size
            if total > MAX_TOTAL_BYTES:
                raise PackError(f"members add up to more than {MAX_TOTAL_BYTES:,} bytes", where=where)
            members[m.name] = m
        for required in (MANIFEST, SIGNATURE):
            if required not in members:
                raise PackError(f"has no {required}", where=where)
        body = _read_member(tar, members[MANIFEST], where)
        sig_text = _read_member(tar, members[SIGNATURE], where)
        try:
            pub.verify(base64.b64decode(sig_text.strip(), validate=True), body)
        except Exception:  # cryptography's InvalidSignature, or a signature that is not base64
            raise PackError("signature does not verify with the given public key: the pack was altered or "
                            "signed by someone else", where=where) from None
        try:
            manifest = json.loads(body)
        except json.JSONDecodeError:
            raise PackError("manifest.json is not JSON", where=where) from None
        if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
            raise PackError(f"unknown pack format {manifest.get('format')!r}", where=where)
        files: dict[str, dict[str, Any]] = manifest["files"]
        extra = set(members) - set(files) - {MANIFEST, SIGNATURE}
        if extra:
            raise PackError(f"member {sorted(extra)[0]!r} is not in the signed manifest", where=where)
        missing = set(files) - set(members)
        if missing:
            raise PackError(f"manifest names {sorted(missing)[0]!r} but the pack does not hold it", where=where)
        roles = [f.get("role") for f in files.values()]
        if "policy" not in roles or len(roles) != len(set(roles)) or not set(roles) <= set(ROLES):
            raise PackError("the manifest must name one policy file and at most one model and one bank",
                            where=where)
        # Stream each member to a staging folder while hashing it; the folder is deleted unless
        # every member verifies, so a bad pack leaves nothing behind.
        folder = Path(tempfile.mkdtemp(prefix="pantau-pack-", dir=into))
        paths: dict[str, Path] = {}
        try:
            for name, meta in files.items():
                if not _NAME.match(name) or name.split("/", 1)[0] != meta.get("role"):
                    raise PackError(f"manifest entry {name!r} is not allowed", where=where)
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = _copy_member(tar, members[name], target, where)
                if size != meta.get("size") or digest != meta.get("sha256"):
                    raise PackError(f"member {name!r} does not match its sha256 in the manifest", where=where)
                paths[meta["role"]] = target
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return VerifiedPack(folder, manifest, hashlib.sha256(body).hexdigest(), key_id(public_key), paths)


def _copy_member(tar: tarfile.TarFile, m: tarfile.TarInfo, target: Path, where: str) -> tuple[str, int]:
    f = tar.extractfile(m)
    if f is None:
        raise PackError(f"member {m.name!r} cannot be read", where=where)
    h, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while chunk := f.read(1 << 20):
            size += len(chunk)
            if size > m.size:
                raise PackError(f"member {m.name!r} is longer than its header says", where=where)
            h.update(chunk)
            out.write(chunk)
    return h.hexdigest(), size


def scorer_from_pack(pack: VerifiedPack) -> Any:
    """The BatchScorer a platform runs: the pack's policy, model and photo bank, nothing from a store."""
    from pantau.detect import load_detector  # type: ignore[attr-defined]
    from pantau.detect.policy import PolicyPack  # type: ignore[import-not-found]
    from pantau.pipeline import BatchScorer

    detector = load_detector(PolicyPack.load(pack.paths["policy"]), model_path=pack.paths.get("model"))
    photos = None
    if "bank" in pack.paths:
        from pantau.photos import BankPhotoMatcher, PhotoBank
        from pantau.photos.exchange import import_csv

        bank = PhotoBank()
        bank.add(import_csv(pack.paths["bank"]).entries)
        photos = BankPhotoMatcher(bank)
    return BatchScorer(detector, photos=photos)
