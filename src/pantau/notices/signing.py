"""Detached signatures for exported letter annexes: HMAC-SHA256 over the exact file bytes.

HMAC (stdlib) rather than Ed25519 because the `cryptography` package is not a dependency; the key
is the regulator's own, and anyone holding it (the regulator, a court expert) can verify. The
signature file also names the key id and the file's sha256, so a changed byte is caught either way.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from pantau.errors import InputError

ALG = "HMAC-SHA256"
ENV_KEY = "PANTAU_SIGNING_KEY"


@dataclass(frozen=True, slots=True)
class SigningKey:
    secret: bytes

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"pantau-key-id" + self.secret).hexdigest()[:16]

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


def sign(data: bytes, key: SigningKey) -> dict[str, Any]:
    return {"alg": ALG, "key_id": key.key_id, "sha256": hashlib.sha256(data).hexdigest(),
            "signature": hmac.new(key.secret, data, hashlib.sha256).hexdigest()}


def verify(data: bytes, signature: dict[str, Any], key: SigningKey) -> bool:
    if signature.get("alg") != ALG or signature.get("key_id") != key.key_id:
        return False
    want = hmac.new(key.secret, data, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, str(signature.get("signature", ""))) and \
        signature.get("sha256") == hashlib.sha256(data).hexdigest()


def write_signed(path: Path, data: bytes, key: SigningKey) -> Path:
    """Write `data` to `path` and its signature to `path` + ".sig.json"; returns the signature path."""
    path.write_bytes(data)
    sig_path = path.with_name(path.name + ".sig.json")
    sig_path.write_bytes(orjson.dumps(sign(data, key), option=orjson.OPT_INDENT_2))
    return sig_path


def verify_file(path: Path, key: SigningKey) -> bool:
    sig_path = path.with_name(path.name + ".sig.json")
    if not sig_path.exists():
        raise InputError("no signature file beside it", where=str(path))
    return verify(path.read_bytes(), orjson.loads(sig_path.read_bytes()), key)
