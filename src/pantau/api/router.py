"""Every router of the API, assembled in one list; create_app() includes them one by one."""

from __future__ import annotations

from fastapi import APIRouter

from pantau.api.routes import audit, health, notices, platform, platforms

ROUTERS: tuple[APIRouter, ...] = tuple(m.router for m in (health, notices, platform, platforms, audit))
