"""Settings read from the environment, validated once at start (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = Path("~/.pantau")


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    database_url: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ) if env is None else env
        home = Path(env.get("PANTAU_HOME") or DEFAULT_HOME).expanduser()
        url = env.get("PANTAU_DATABASE_URL") or f"sqlite:///{home / 'pantau.db'}"
        return cls(home=home, database_url=url)

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home
