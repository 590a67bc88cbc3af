"""Detached signatures for exported letter annexes: Ed25519 over the exact file bytes.

The regulator keeps the private key; a platform, a court or the public verifies a letter with the
published public key (`pantau notices public-key`), without being able to sign one. The signature
file also names the key id (sha256 of the public key) and the file's sha256.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pantau.errors import InputError

ALG = "Ed25519"
ENV_KEY = "PANTAU_SIGNING_KEY"


@dataclass(frozen=True, slots=True)
class SigningKey:
    """An Ed25519 private key from its 32-byte seed (other lengths are hashed to one: test keys)."""

    secret: bytes

    def private(self) -> Ed25519PrivateKey:
        seed = self.secret if len(self.secret) == 32 else hashlib.sha256(self.secret).digest()
        return Ed25519PrivateKey.from_private_bytes(seed)

    def public(self) -> Ed25519PublicKey:
        return self.private().public_key()

    def public_pem(self) -> str:
        return self.public().public_bytes(serialization.Encoding.PEM,
                                          serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    @property
    def key_id(self) -> str:
        return key_id_of(self.public())

    @classmethod
    def load(cls, home: Path, env: dict[str, str] | None = None) -> SigningKey:
        """From PANTAU_SIGNING_KEY (hex), else `signing.key` in the home folder (made on first use)."""
        env = dict(os.environ) if env is None else env
        if env.get(ENV_KEY):
            try:
                return cls(bytes.fromhex(env[ENV_KEY]))
            except ValueError:
                raise InputError("must be hex", where=ENV_KEY) from None
        path = home / "signing.key"
        if not path.exists():
            home.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
        return cls(bytes.fromhex(path.read_text().strip()))


def key_id_of(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_pem(pem: str | bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise InputError("not an Ed25519 public key", where="public key")
    return key


def sign(data: bytes, key: SigningKey) -> dict[str, Any]:
    return {"alg": ALG, "key_id": key.key_id, "sha256": hashlib.sha256(data).hexdigest(),
            "signature": key.private().sign(data).hex()}


def verify(data: bytes, signature: dict[str, Any], key: SigningKey | Ed25519PublicKey) -> bool:
    """True when `signature` is the given key's signature of exactly `data`."""
    public = key.public() if isinstance(key, SigningKey) else key
    if signature.get("alg") != ALG or signature.get("key_id") != key_id_of(public):
        return False
    if signature.get("sha256") != hashlib.sha256(data).hexdigest():
        return False
    try:
        public.verify(bytes.fromhex(str(signature.get("signature", ""))), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def write_signed(path: Path, data: bytes, key: SigningKey) -> Path:
    """Write `data` to `path` and its signature to `path` + ".sig.json"; returns the signature path."""
    path.write_bytes(data)
    sig_path = path.with_name(path.name + ".sig.json")
    sig_path.write_bytes(orjson.dumps(sign(data, key), option=orjson.OPT_INDENT_2))
    return sig_path


def verify_file(path: Path, key: SigningKey | Ed25519PublicKey) -> bool:
    sig_path = path.with_name(path.name + ".sig.json")
    if not sig_path.exists():
        raise InputError("no signature file beside it", where=str(path))
    return verify(path.read_bytes(), orjson.loads(sig_path.read_bytes()), key)
